namespace Lethe.Data.Synth;

/// <summary>A book by an invented author.</summary>
public sealed record SynthBook(string Title, int Year);

/// <summary>
/// One invented author: every fact was drawn independently, and <see cref="Items"/> holds the 10–20 question/answer
/// pairs about them (with paraphrases and perturbed answers) in the order they appear in the benchmark files.
/// Occupations carry their article ("a baker"); <see cref="Award"/> and <see cref="School"/> carry "the".
/// </summary>
public sealed record SynthAuthor
{
    public required int Index { get; init; }
    public required string GivenName { get; init; }
    public required string Surname { get; init; }
    public string Name => GivenName + " " + Surname;
    public required SynthGender Gender { get; init; }
    public required string BirthCity { get; init; }
    public required string BirthCountry { get; init; }
    public required DateOnly BirthDate { get; init; }
    public required string FatherOccupation { get; init; }
    public required string MotherOccupation { get; init; }
    public required string Genre { get; init; }
    public required IReadOnlyList<SynthBook> Books { get; init; }
    public required string Award { get; init; }
    public required int AwardYear { get; init; }
    public required IReadOnlyList<string> Themes { get; init; }
    public required string Influence { get; init; }
    public required string School { get; init; }
    public required string HomeCity { get; init; }
    public required string HomeCountry { get; init; }
    public required string FormerOccupation { get; init; }
    public required int BookCount { get; init; }
    public IReadOnlyList<QaItem> Items { get; init; } = [];
}
