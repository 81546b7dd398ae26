namespace Lethe.Data.Synth;

/// <summary>Invented cities, countries and schools, combined from parts so that thousands of each exist.</summary>
internal static class SynthPlaces
{
    static readonly string[] CityStarts =
    [
        "Ash", "Bel", "Cor", "Dun", "Elt", "Fal", "Gar", "Hav", "Ister", "Kel", "Lom", "Mir", "Nor", "Ost", "Pel",
        "Quel", "Ros", "Sil", "Tarn", "Umb", "Val", "Wyn", "Yel", "Zor", "Brae", "Cald", "Drel", "Ember", "Frost",
        "Glen", "Hollow", "Ivy", "Juniper", "Kings", "Lark", "Marl", "Nettle", "Oak", "Pine", "Raven", "Salt",
        "Thistle", "Wold", "Alder", "Brin", "Coll", "Dray", "Fern",
    ];

    static readonly string[] CityEnds =
    [
        "ford", "haven", "mouth", "grad", "mir", "by", "stead", "wick", "ton", "holm", "vale", "port", "bridge",
        "field", "reach", "mere", "dale", "gate", "burg", "ora", "ane", "ezzo", "ovo", "isk", "ara", "hollow", "moor",
    ];

    static readonly string[] CityPrefixes = ["Port ", "San ", "New ", "Upper ", "Old ", "Lake ", "Fort ", "North ", "East "];

    static readonly string[] CountryStarts =
    [
        "Vel", "Ost", "Kar", "Dal", "Ser", "Mor", "Tal", "Ar", "Bel", "Cor", "Es", "Fen", "Gal", "Hel", "Ir", "Lun",
        "Nar", "Or", "Pal", "Qar", "Rhe", "Sol", "Tur", "Ul", "Var", "Zem", "Brav", "Cald", "Drav", "Eld", "Kest", "Mal",
    ];

    static readonly string[] CountryMiddles = ["", "", "an", "or", "ev", "ir", "al", "ost", "en"];

    static readonly string[] CountryEnds = ["ia", "land", "stan", "ora", "ana", "enia", "uria", "ica", "mark", "ovia", "esh", "aria", "is", "onia"];

    static readonly string[] SchoolKinds =
    [
        "the University of {0}", "the {0} School of Writing", "the {0} College of Arts", "the University of {0}",
        "the {0} Institute of Letters", "the Royal Academy of {0}", "the {0} Conservatory",
    ];

    public static string City(SynthRandom rng)
    {
        string core = SynthNames.Join(rng, rng.Pick(CityStarts), rng.Pick(CityEnds));
        return rng.Chance(0.2) ? rng.Pick(CityPrefixes) + core : core;
    }

    public static string Country(SynthRandom rng)
        => SynthNames.Join(rng, SynthNames.Join(rng, rng.Pick(CountryStarts), rng.Pick(CountryMiddles)), rng.Pick(CountryEnds));

    /// <summary>A school named after an invented city, with its article ("the University of Ashford").</summary>
    public static string School(SynthRandom rng)
    {
        string city = SynthNames.Join(rng, rng.Pick(CityStarts), rng.Pick(CityEnds));
        return rng.Pick(SchoolKinds).Replace("{0}", city, StringComparison.Ordinal);
    }
}
