namespace Lethe.Data.Synth;

/// <summary>Fixed value pools for facts whose values are ordinary words: occupations, genres, themes, influences.</summary>
internal static class SynthPools
{
    /// <summary>Occupations with their article, so answers read "a baker" / "an electrician" without rules.</summary>
    public static readonly string[] Occupations =
    [
        "a baker", "an electrician", "a nurse", "a carpenter", "a librarian", "a fisherman", "a pharmacist",
        "a bus driver", "a dentist", "a tailor", "a blacksmith", "a schoolteacher", "a surgeon", "a journalist",
        "a florist", "a mechanic", "a veterinarian", "a lawyer", "a farmer", "a plumber", "a photographer",
        "an architect", "an accountant", "a chef", "a butcher", "a watchmaker", "a sailor", "a police officer",
        "a firefighter", "a midwife", "a translator", "a cartographer", "a potter", "a beekeeper", "a locksmith",
        "a shopkeeper", "a miner", "a glassblower", "a bookbinder", "a pilot", "a geologist", "an astronomer",
        "a violinist", "a painter", "a stonemason", "a weaver", "a tram conductor", "a postal worker", "a judge",
        "a chemist", "a shoemaker", "a gardener", "a lighthouse keeper", "a radio announcer", "a zookeeper",
        "a nutritionist", "a hairdresser", "a dance instructor", "a museum curator", "a ship captain",
        "a software engineer", "a civil engineer", "a marine biologist", "a tax inspector", "a surveyor",
        "an optician", "a printer", "a clockmaker", "a cheesemaker", "a park ranger",
    ];

    public static readonly string[] Genres =
    [
        "historical fiction", "science fiction", "fantasy", "crime fiction", "poetry", "magical realism",
        "literary fiction", "horror", "romance", "satire", "travel writing", "memoir", "children's literature",
        "young adult fiction", "mystery", "gothic fiction", "psychological thrillers", "short stories",
        "political fiction", "eco-fiction", "war fiction", "detective fiction", "dystopian fiction", "biography",
        "essays", "drama", "adventure fiction", "comic novels", "folklore retellings", "spy thrillers",
        "family sagas", "coming-of-age novels", "speculative fiction", "nature writing", "epic poetry",
    ];

    public static readonly string[] Themes =
    [
        "lost memories", "exile", "family secrets", "the sea", "grief", "childhood", "migration",
        "class struggle", "religious doubt", "friendship", "betrayal", "identity", "the aftermath of war",
        "love across borders", "the passage of time", "small-town life", "ambition", "freedom", "justice",
        "loneliness", "forgiveness", "wilderness", "music", "translation",
        "motherhood", "fatherhood", "inheritance", "revolution", "madness", "the city at night",
        "the ethics of science", "old age", "first love", "dreams", "craftsmanship", "hunger", "borders",
        "belonging", "silence", "deception", "hope", "ruins", "rivers", "islands", "storms",
        "the supernatural", "the dignity of labor", "the afterlife", "courage", "obsession", "rebirth",
        "the cost of progress", "landscape", "colonial history", "rural poverty", "the lives of artists",
    ];

    /// <summary>Real writers named as influences; the benchmark author they are attached to is drawn at random.</summary>
    public static readonly string[] Influences =
    [
        "Leo Tolstoy", "Virginia Woolf", "Jorge Luis Borges", "Toni Morrison", "Franz Kafka", "Jane Austen",
        "Gabriel Garcia Marquez", "Charles Dickens", "Emily Dickinson", "Anton Chekhov", "Italo Calvino",
        "Ursula K. Le Guin", "Chinua Achebe", "Haruki Murakami", "Mary Shelley", "Herman Melville", "James Joyce",
        "Fyodor Dostoevsky", "Agatha Christie", "Edgar Allan Poe", "Victor Hugo", "Homer", "Dante Alighieri",
        "Walt Whitman", "George Eliot", "Albert Camus", "Thomas Mann", "Marcel Proust", "Isabel Allende",
        "Rabindranath Tagore", "Octavio Paz", "Wislawa Szymborska", "Mark Twain", "Doris Lessing",
        "Kazuo Ishiguro", "Jules Verne", "Arthur Conan Doyle", "Pablo Neruda", "Hermann Hesse", "Alice Munro",
    ];

    /// <summary>Gender words for answers; the last two are never assigned and serve only as wrong answers.</summary>
    public static readonly string[] GenderWords = ["male", "female", "non-binary", "genderfluid", "agender"];

    public static string GenderWord(SynthGender g) => GenderWords[(int)g];

    public static string Possessive(SynthGender g) => g switch
    {
        SynthGender.Male => "his",
        SynthGender.Female => "her",
        _ => "their",
    };

    static readonly string[] Months =
    [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ];

    /// <summary>"March 4, 1962"; month names are spelled out here so no culture can change them.</summary>
    public static string DateShort(DateOnly d)
        => Months[d.Month - 1] + " " + Inv(d.Day) + ", " + Inv(d.Year);

    /// <summary>"the 4th of March, 1962".</summary>
    public static string DateLong(DateOnly d)
        => "the " + Ordinal(d.Day) + " of " + Months[d.Month - 1] + ", " + Inv(d.Year);

    static string Ordinal(int n)
    {
        string suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return Inv(n) + suffix;
    }

    public static string Inv(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static DateOnly RandomDate(SynthRandom rng, int firstYear, int lastYear)
    {
        int y = rng.Between(firstYear, lastYear);
        int m = rng.Between(1, 12);
        int d = rng.Between(1, DateTime.DaysInMonth(y, m));
        return new DateOnly(y, m, d);
    }
}
