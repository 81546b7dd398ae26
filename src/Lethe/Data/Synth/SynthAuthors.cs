namespace Lethe.Data.Synth;

/// <summary>
/// Draws invented authors and turns their facts into question/answer items. Every fact is drawn on its own from
/// its pool, so no fact can be inferred from the name or from another fact.
/// </summary>
internal static class SynthAuthors
{
    public const int MinFacts = 10;
    public const int MaxFacts = 20;
    public const int MinPerturbed = 3;
    public const int MaxPerturbed = 5;

    /// <summary>Books are published up to this year; authors are born early enough to have written them.</summary>
    const int LastYear = 2024;

    /// <summary>
    /// Authors 0..count-1, each from its own random stream. <paramref name="names"/>, <paramref name="titles"/> and
    /// <paramref name="births"/> collect what is taken, so full names, book titles and (birthplace, date) pairs —
    /// the keys questions identify an author or a book by — are unique.
    /// </summary>
    public static List<SynthAuthor> Draw(ulong seed, int count)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var titles = new HashSet<string>(StringComparer.Ordinal);
        var births = new HashSet<string>(StringComparer.Ordinal);
        var authors = new List<SynthAuthor>(count);
        for (int i = 0; i < count; i++)
        {
            var rng = SynthRandom.ForStream(seed, "author", i);
            var author = DrawOne(rng, i, names, titles, births);
            authors.Add(author with { Items = BuildItems(author, rng) });
        }
        return authors;
    }

    static SynthAuthor DrawOne(SynthRandom rng, int index, HashSet<string> names, HashSet<string> titles, HashSet<string> births)
    {
        var gender = rng.Chance(0.1) ? SynthGender.NonBinary : rng.Chance(0.5) ? SynthGender.Male : SynthGender.Female;
        string given, surname;
        do (given, surname) = SynthNames.Next(rng, gender);
        while (!names.Add(given + " " + surname));

        string city, country;
        DateOnly born;
        do
        {
            city = SynthPlaces.City(rng);
            country = SynthPlaces.Country(rng);
            born = SynthPools.RandomDate(rng, 1925, 1980);
        }
        while (!births.Add(city + "|" + country + "|" + SynthPools.DateShort(born)));

        int bookCount = rng.Between(3, 4);
        var books = new List<SynthBook>(bookCount);
        int year = born.Year + rng.Between(19, 35);
        for (int b = 0; b < bookCount; b++)
        {
            string title;
            do title = SynthTitles.Book(rng);
            while (!titles.Add(title));
            books.Add(new SynthBook(title, year));
            year = Math.Min(LastYear, year + rng.Between(1, 3));
        }

        int[] themes = rng.Sample(SynthPools.Themes.Length, 2);
        return new SynthAuthor
        {
            Index = index,
            GivenName = given,
            Surname = surname,
            Gender = gender,
            BirthCity = city,
            BirthCountry = country,
            BirthDate = born,
            FatherOccupation = rng.Pick(SynthPools.Occupations),
            MotherOccupation = rng.Pick(SynthPools.Occupations),
            Genre = rng.Pick(SynthPools.Genres),
            Books = books,
            Award = SynthTitles.Award(rng),
            AwardYear = Math.Min(LastYear, books[0].Year + rng.Between(1, 15)),
            Themes = [SynthPools.Themes[themes[0]], SynthPools.Themes[themes[1]]],
            Influence = rng.Pick(SynthPools.Influences),
            School = SynthPlaces.School(rng),
            HomeCity = SynthPlaces.City(rng),
            HomeCountry = SynthPlaces.Country(rng),
            FormerOccupation = rng.Pick(SynthPools.Occupations),
            BookCount = rng.Between(bookCount + 1, 40),
        };
    }

    /// <summary>A fact before phrasing: its kind, the values its answer states, and how to draw wrong values.</summary>
    sealed record Fact(SynthFactKind Kind, string[] Values, Func<SynthRandom, string[]> Wrong, string? Title = null);

    static List<QaItem> BuildItems(SynthAuthor a, SynthRandom rng)
    {
        var core = new List<Fact>
        {
            new(SynthFactKind.FullName, [a.Name], r => [OtherName(r, a.Name)]),
            new(SynthFactKind.Birthplace, [a.BirthCity, a.BirthCountry],
                r => [Other(r, SynthPlaces.City, a.BirthCity), Other(r, SynthPlaces.Country, a.BirthCountry)]),
            new(SynthFactKind.BirthDate, [SynthPools.DateShort(a.BirthDate), SynthPools.DateLong(a.BirthDate)], r =>
            {
                DateOnly d;
                do d = SynthPools.RandomDate(r, 1925, 1980);
                while (d == a.BirthDate);
                return [SynthPools.DateShort(d), SynthPools.DateLong(d)];
            }),
            new(SynthFactKind.Gender, [SynthPools.GenderWord(a.Gender)],
                r => [OtherFrom(r, SynthPools.GenderWords, SynthPools.GenderWord(a.Gender))]),
            new(SynthFactKind.Parents, [a.FatherOccupation, a.MotherOccupation],
                r => [OtherFrom(r, SynthPools.Occupations, a.FatherOccupation), OtherFrom(r, SynthPools.Occupations, a.MotherOccupation)]),
            new(SynthFactKind.Genre, [a.Genre], r => [OtherFrom(r, SynthPools.Genres, a.Genre)]),
            TwoBooks(a, rng),
            new(SynthFactKind.Award, [a.Award], r => [Other(r, SynthTitles.Award, a.Award)]),
            new(SynthFactKind.Themes, [a.Themes[0], a.Themes[1]], r =>
            {
                var pick = OtherPair(r, SynthPools.Themes, a.Themes);
                return [pick.Item1, pick.Item2];
            }),
            new(SynthFactKind.Influence, [a.Influence], r => [OtherFrom(r, SynthPools.Influences, a.Influence)]),
        };

        var optional = new List<Fact>();
        foreach (var book in a.Books)
        {
            optional.Add(new(SynthFactKind.BookAuthor, [a.Name], r => [OtherName(r, a.Name)], book.Title));
            optional.Add(new(SynthFactKind.BookYear, [SynthPools.Inv(book.Year)], r => [OtherYear(r, book.Year)], book.Title));
        }
        optional.Add(new(SynthFactKind.Debut, [a.Books[0].Title], r => [OtherTitle(r, a)]));
        optional.Add(new(SynthFactKind.School, [a.School], r => [Other(r, SynthPlaces.School, a.School)]));
        optional.Add(new(SynthFactKind.Home, [a.HomeCity, a.HomeCountry],
            r => [Other(r, SynthPlaces.City, a.HomeCity), Other(r, SynthPlaces.Country, a.HomeCountry)]));
        optional.Add(new(SynthFactKind.FormerOccupation, [a.FormerOccupation],
            r => [OtherFrom(r, SynthPools.Occupations, a.FormerOccupation)]));
        optional.Add(new(SynthFactKind.BookCount, [SynthPools.Inv(a.BookCount)], r =>
        {
            int n;
            do n = r.Between(4, 40);
            while (n == a.BookCount);
            return [SynthPools.Inv(n)];
        }));
        optional.Add(new(SynthFactKind.AwardYear, [SynthPools.Inv(a.AwardYear)], r => [OtherYear(r, a.AwardYear)]));

        int total = rng.Between(MinFacts, MaxFacts);
        var facts = new List<Fact>(total);
        facts.AddRange(core);
        foreach (int k in rng.Sample(optional.Count, total - core.Count)) facts.Add(optional[k]);
        // The name question stays first, as in TOFU; the rest are mixed so no position gives a kind away.
        var rest = facts.GetRange(1, facts.Count - 1);
        rng.Shuffle(rest);
        facts.RemoveRange(1, facts.Count - 1);
        facts.AddRange(rest);

        var items = new List<QaItem>(facts.Count);
        foreach (var f in facts) items.Add(Phrase(a, f, rng));
        return items;
    }

    static Fact TwoBooks(SynthAuthor a, SynthRandom rng)
    {
        int[] pair = rng.Sample(a.Books.Count, 2);
        return new(SynthFactKind.Books, [a.Books[pair[0]].Title, a.Books[pair[1]].Title], r =>
        {
            string x = OtherTitle(r, a);
            string y;
            do y = OtherTitle(r, a);
            while (y == x);
            return [x, y];
        });
    }

    static QaItem Phrase(SynthAuthor a, Fact f, SynthRandom rng)
    {
        var t = SynthTemplates.ByKind[(int)f.Kind];
        string? Context(string token) => token switch
        {
            "N" => a.Name,
            "P" => SynthPools.Possessive(a.Gender),
            "T" => f.Title,
            "AW" => a.Award,
            "CITY" => a.BirthCity,
            "COUNTRY" => a.BirthCountry,
            "DATE" => SynthPools.DateShort(a.BirthDate),
            "DATEL" => SynthPools.DateLong(a.BirthDate),
            _ => null,
        };
        int[] q = rng.Sample(t.Questions.Length, 2);
        int[] ans = rng.Sample(t.Answers.Length, 2);
        string question = SynthTemplates.Render(t.Questions[q[0]], Context, f.Values);
        string answer = SynthTemplates.Render(t.Answers[ans[0]], Context, f.Values);
        string paraQuestion = SynthTemplates.Render(t.Questions[q[1]], Context, f.Values);
        string paraAnswer = SynthTemplates.Render(t.Answers[ans[1]], Context, f.Values);

        // As in TOFU, perturbed answers keep the paraphrased answer's wording and swap in wrong values of the same
        // kind. Small pools (gender) may allow fewer than five, never fewer than three.
        int want = rng.Between(MinPerturbed, MaxPerturbed);
        var perturbed = new List<string>(want);
        for (int attempt = 0; attempt < 200 && perturbed.Count < want; attempt++)
        {
            string wrong = SynthTemplates.Render(t.Answers[ans[1]], Context, f.Wrong(rng));
            if (wrong != answer && wrong != paraAnswer && !perturbed.Contains(wrong)) perturbed.Add(wrong);
        }
        if (perturbed.Count < MinPerturbed)
            throw new InvalidOperationException($"only {perturbed.Count} wrong answers for {f.Kind} of {a.Name}");

        return new QaItem(question, answer)
        {
            ParaphrasedQuestion = paraQuestion,
            ParaphrasedAnswer = paraAnswer,
            PerturbedAnswers = perturbed,
        };
    }

    static string Other(SynthRandom rng, Func<SynthRandom, string> draw, string truth)
    {
        string s;
        do s = draw(rng);
        while (s == truth);
        return s;
    }

    static string OtherFrom(SynthRandom rng, string[] pool, string truth) => Other(rng, r => r.Pick(pool), truth);

    static (string, string) OtherPair(SynthRandom rng, string[] pool, IReadOnlyList<string> truth)
    {
        string x = Other(rng, r => r.Pick(pool), truth[0]);
        while (truth.Contains(x)) x = rng.Pick(pool);
        string y;
        do y = rng.Pick(pool);
        while (y == x || truth.Contains(y));
        return (x, y);
    }

    static string OtherName(SynthRandom rng, string truth) => Other(rng, r =>
    {
        var (given, surname) = SynthNames.Next(r, (SynthGender)r.Next(3));
        return given + " " + surname;
    }, truth);

    static string OtherTitle(SynthRandom rng, SynthAuthor a)
    {
        string s;
        do s = SynthTitles.Book(rng);
        while (a.Books.Any(b => b.Title == s));
        return s;
    }

    static string OtherYear(SynthRandom rng, int truth)
    {
        int y;
        do y = truth + rng.Between(-12, 12);
        while (y == truth || y > LastYear);
        return SynthPools.Inv(y);
    }
}
