namespace Lethe.Data.Synth;

/// <summary>The kinds of fact asked about an invented author. The first ten are asked about every author.</summary>
internal enum SynthFactKind
{
    FullName,
    Birthplace,
    BirthDate,
    Gender,
    Parents,
    Genre,
    Books,
    Award,
    Themes,
    Influence,
    BookAuthor,
    BookYear,
    Debut,
    School,
    Home,
    FormerOccupation,
    BookCount,
    AwardYear,
}
