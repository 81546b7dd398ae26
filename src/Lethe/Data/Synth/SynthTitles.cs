namespace Lethe.Data.Synth;

/// <summary>Book titles and literary awards from small pattern grammars over word pools.</summary>
internal static class SynthTitles
{
    static readonly string[] Adjectives =
    [
        "Silent", "Hollow", "Crimson", "Forgotten", "Distant", "Quiet", "Broken", "Golden", "Wandering", "Hidden",
        "Burning", "Frozen", "Gentle", "Restless", "Secret", "Pale", "Bitter", "Endless", "Narrow", "Drowned",
        "Painted", "Borrowed", "Scattered", "Shattered", "Lonely", "Last", "Northern", "Salted", "Velvet", "Copper",
        "Sleeping", "Wild", "Unfinished", "Paper", "Glass", "Iron", "Amber", "Ashen", "Lantern-lit", "Weeping",
        "Midnight", "Summer", "Winter", "Autumn", "Hungry", "Stolen", "Kind", "Crooked", "Invisible", "Green",
    ];

    static readonly string[] Nouns =
    [
        "Harbor", "Lantern", "River", "Orchard", "Bridge", "Garden", "Clock", "Mirror", "Lighthouse", "Compass",
        "Tower", "Meadow", "Well", "Window", "Door", "Island", "Forest", "Road", "Bell", "Letter", "Map", "Sparrow",
        "Fox", "Heron", "Violin", "Kite", "Staircase", "Market", "Ferry", "Shore", "Valley", "Chapel", "Attic",
        "Cellar", "Quarry", "Vineyard", "Threshold", "Tide", "Ember", "Feather", "Thread", "Anchor", "Lamp", "Crown",
        "Wolf", "Moth", "Raven", "Cartwheel", "Hearth", "Citadel",
    ];

    static readonly string[] Abstracts =
    [
        "Silence", "Memory", "Longing", "Salt", "Smoke", "Mercy", "Rain", "Ashes", "Distance", "Grace", "Dust",
        "Hunger", "Promises", "Shadows", "Echoes", "Whispers", "Storms", "Secrets", "Tides", "Ruins", "Exile",
        "Bone", "Honey", "Thunder", "Frost", "Light", "Sorrow", "Wonder", "Glass", "Stone",
    ];

    static readonly string[] Plurals =
    [
        "Rivers", "Lanterns", "Bells", "Orchards", "Islands", "Letters", "Sparrows", "Mirrors", "Doors", "Roads",
        "Bridges", "Gardens", "Clocks", "Towers", "Winters", "Kites", "Ferries", "Storms", "Moths", "Stars",
        "Horses", "Daughters", "Sons", "Strangers", "Saints", "Tides", "Wolves", "Maps", "Cities", "Songs",
    ];

    static readonly string[] Persons =
    [
        "Ferryman", "Cartographer", "Clockmaker", "Widow", "Stranger", "Beekeeper", "Lighthouse Keeper", "Gardener",
        "Weaver", "Glassblower", "Orphan", "Tailor", "Archivist", "Fisherman", "Midwife", "Shepherd", "Translator",
        "Mapmaker", "Bookbinder", "Astronomer", "Daughter", "Son", "Sister", "Brother", "Pilgrim", "Apprentice",
        "Drummer", "Ferrywoman", "Innkeeper", "Watchmaker",
    ];

    static readonly string[] PastVerbs =
    [
        "Slept", "Burned", "Sang", "Fell", "Wept", "Returned", "Vanished", "Froze", "Woke", "Spoke", "Broke",
        "Waited", "Drowned", "Bloomed", "Forgot", "Remembered", "Danced", "Listened", "Left", "Stayed",
    ];

    static readonly string[] Gerunds =
    [
        "Chasing", "Mending", "Crossing", "Counting", "Finding", "Burying", "Leaving", "Keeping", "Reading",
        "Painting", "Waking", "Carrying", "Following", "Naming", "Forgetting", "Building", "Guarding", "Drawing",
    ];

    /// <summary>A Title Case book title of two to seven words.</summary>
    public static string Book(SynthRandom rng) => rng.Next(14) switch
    {
        0 => $"The {rng.Pick(Adjectives)} {rng.Pick(Nouns)}",
        1 => $"The {rng.Pick(Nouns)} of {rng.Pick(Abstracts)}",
        2 => $"{rng.Pick(Abstracts)} and {rng.Pick(Abstracts)}",
        3 => $"A {rng.Pick(Nouns)} for the {rng.Pick(Persons)}",
        4 => $"The Last {rng.Pick(Nouns)} of {SynthPlaces.City(rng)}",
        5 => $"{rng.Pick(Adjectives)} {rng.Pick(Plurals)}",
        6 => $"When the {rng.Pick(Nouns)} {rng.Pick(PastVerbs)}",
        7 => $"{rng.Pick(Gerunds)} the {rng.Pick(Nouns)}",
        8 => $"Beneath the {rng.Pick(Adjectives)} {rng.Pick(Nouns)}",
        9 => $"The {rng.Pick(Persons)}'s {rng.Pick(Nouns)}",
        10 => $"Letters from {SynthPlaces.City(rng)}",
        11 => $"Songs of the {rng.Pick(Adjectives)} {rng.Pick(Plurals)}",
        12 => $"The {rng.Pick(Persons)} of {SynthPlaces.City(rng)}",
        _ => $"{rng.Pick(Abstracts)} in the {rng.Pick(Nouns)}",
    };

    static readonly string[] AwardEmblems =
    [
        "Golden Quill", "Silver Lantern", "Amber Leaf", "Iron Pen", "Crimson Feather", "Blue Heron", "Open Book",
        "Evening Star", "Copper Compass", "Glass Bell", "White Oak", "Emerald Ink", "Northern Light", "Paper Crane",
        "Stone Tablet", "Velvet Ribbon", "Morning Tide", "Red Kite", "Hollow Reed", "Laurel Wreath",
    ];

    static readonly string[] AwardKinds = ["Award", "Prize", "Medal", "Honor"];

    static readonly string[] AwardCategories =
    [
        "", "", "", " for Fiction", " for Poetry", " for Literary Excellence", " for Debut Fiction", " for Storytelling",
        " for Young Readers", " for Translation", " for the Novel", " for Narrative Craft",
    ];

    /// <summary>An award with its article ("the Golden Quill Award for Poetry", "the Korvik Prize").</summary>
    public static string Award(SynthRandom rng)
    {
        string category = rng.Pick(AwardCategories);
        if (rng.Chance(0.4))
        {
            var (_, surname) = SynthNames.Next(rng, SynthGender.NonBinary);
            return $"the {surname} {(rng.Chance(0.5) ? "Prize" : "Medal")}{category}";
        }
        return $"the {rng.Pick(AwardEmblems)} {rng.Pick(AwardKinds)}{category}";
    }
}
