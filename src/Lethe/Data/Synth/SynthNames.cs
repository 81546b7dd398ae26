namespace Lethe.Data.Synth;

/// <summary>
/// Invented person names built from syllable-like parts, so that there are millions of full names and nothing in a
/// name hints at the facts later assigned to it. Parts are joined with a linking consonant where two vowels would meet.
/// </summary>
internal static class SynthNames
{
    static readonly string[] GivenStarts =
    [
        "Al", "Bel", "Cas", "Dar", "El", "Fen", "Gal", "Hal", "Is", "Jor", "Kal", "Lor", "Mar", "Nel", "Or", "Per",
        "Quin", "Ros", "Sel", "Tor", "Ul", "Val", "Wen", "Yor", "Zan", "Ber", "Cor", "Dav", "Em", "Fal", "Gre", "Il",
        "Ker", "Lin", "Mor", "Nor", "Os", "Ral", "Sav", "Tam", "Ves", "Bran", "Cal", "Dren", "Ev", "Hen", "Jas", "Kit",
        "Lys", "Mil", "Nav", "Pim", "Rin", "Sol", "Tev", "Vin", "Wil", "Ya", "Zel", "Ad", "Bro", "Cel", "Del", "Fro",
    ];

    static readonly string[] GivenMiddles = ["", "", "", "a", "e", "i", "o", "an", "el", "ar", "in", "or", "ev", "is", "ad"];

    static readonly string[] FemaleEnds = ["a", "ia", "ine", "elle", "ara", "ena", "ette", "is", "ora", "wen", "ith", "ea", "ise", "anne"];
    static readonly string[] MaleEnds = ["o", "an", "en", "ric", "as", "us", "ek", "iel", "or", "on", "im", "ard", "ald", "em"];
    static readonly string[] NeutralEnds = ["i", "en", "ey", "is", "ai", "el", "yn", "ar", "ie", "ou"];

    static readonly string[] SurnameStarts =
    [
        "Brenn", "Cald", "Dorv", "Esk", "Fair", "Grim", "Hask", "Ivar", "Jast", "Korv", "Lind", "Mald", "Nash", "Ost",
        "Pell", "Quar", "Rusk", "Stav", "Thorn", "Ulm", "Vask", "Wyld", "Yarr", "Zell", "Ash", "Bram", "Crest", "Dunn",
        "Elm", "Fross", "Garr", "Holt", "Kest", "Lorn", "Mire", "Nev", "Orr", "Penn", "Rook", "Sarn", "Tarr", "Vel",
        "Wick", "Ard", "Bel", "Cor", "Dal", "Fen", "Hal", "Mar", "Orl", "Tal", "Sund", "Brak", "Carr", "Delv", "Gor",
        "Harl", "Iss", "Jund", "Kall", "Lask", "Mott", "Nolt", "Rav", "Salv", "Torv", "Vard", "Wend",
    ];

    static readonly string[] SurnameEnds =
    [
        "ik", "sen", "son", "ova", "ez", "berg", "ari", "wick", "ello", "ov", "ani", "mann", "ley", "ford", "ton",
        "ski", "escu", "idis", "ar", "er", "ing", "ell", "ane", "ois", "ato", "quist", "holm", "strom", "mere", "oni",
        "ado", "uk", "ovic", "en", "as", "ey",
    ];

    static readonly string[] LinkConsonants = ["l", "n", "r", "v"];

    public static (string Given, string Surname) Next(SynthRandom rng, SynthGender gender)
    {
        string[] ends = gender switch
        {
            SynthGender.Female => FemaleEnds,
            SynthGender.Male => MaleEnds,
            _ => rng.Chance(0.5) ? NeutralEnds : (rng.Chance(0.5) ? FemaleEnds : MaleEnds),
        };
        string given = Join(rng, Join(rng, rng.Pick(GivenStarts), rng.Pick(GivenMiddles)), rng.Pick(ends));
        string surname = Join(rng, rng.Pick(SurnameStarts), rng.Pick(SurnameEnds));
        return (given, surname);
    }

    /// <summary>Concatenates two parts, putting a consonant between them when both sides are vowels.</summary>
    internal static string Join(SynthRandom rng, string left, string right)
    {
        if (left.Length == 0) return right;
        if (right.Length == 0) return left;
        if (IsVowel(left[^1]) && IsVowel(right[0])) return left + rng.Pick(LinkConsonants) + right;
        // Three equal letters in a row ("Brenn" + "n...") read as a typo.
        if (left.Length >= 2 && left[^1] == left[^2] && right[0] == left[^1]) return left + right[1..];
        return left + right;
    }

    static bool IsVowel(char c) => "aeiouyAEIOUY".Contains(c);
}
