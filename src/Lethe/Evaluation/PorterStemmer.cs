namespace Lethe.Evaluation;

/// <summary>
/// The Porter stemmer exactly as NLTK's <c>PorterStemmer()</c> behaves in its default NLTK_EXTENSIONS mode, which
/// is what rouge_score uses with <c>use_stemmer=True</c>.
/// </summary>
/// <remarks>
/// Hand-written: no .NET package implements NLTK's variant. The published algorithm (and Martin Porter's own
/// implementations) differ from NLTK in the irregular-forms pool, "ies"/"ied" on four-letter words, the step 1c
/// y→i condition, the two-letter *o test, "alli" being tried first and re-run through step 2, "bli" instead of
/// "abli", and the extra "fulli" and "logi" rules; a general-purpose Porter or Snowball stemmer would therefore
/// change ROUGE scores. Rules are tried in NLTK's order and, as in NLTK, the first rule whose suffix matches decides
/// even when its condition fails. Input is expected to be lowercase ASCII letters and digits (what the ROUGE
/// tokenizer produces); digits count as consonants, as they do in NLTK.
/// Stateless and thread-safe.
/// </remarks>
public static class PorterStemmer
{
    // NLTK's table of irregular forms: the word is mapped straight to its paradigm and never stemmed.
    static readonly Dictionary<string, string> Pool = new(StringComparer.Ordinal)
    {
        ["sky"] = "sky", ["skies"] = "sky",
        ["dying"] = "die", ["lying"] = "lie", ["tying"] = "tie",
        ["news"] = "news",
        ["innings"] = "inning", ["inning"] = "inning",
        ["outings"] = "outing", ["outing"] = "outing",
        ["cannings"] = "canning", ["canning"] = "canning",
        ["howe"] = "howe",
        ["proceed"] = "proceed", ["exceed"] = "exceed", ["succeed"] = "succeed",
    };

    enum Cond { None, MeasurePositive, MeasureAbove1, IonStem, LogiStem }

    readonly record struct Rule(string Suffix, string Replacement, Cond Condition);

    static readonly Rule[] Step1aRules =
    [
        new("sses", "ss", Cond.None),
        new("ies", "i", Cond.None),
        new("ss", "ss", Cond.None),
        new("s", "", Cond.None),
    ];

    static readonly Rule[] Step2Rules =
    [
        new("ational", "ate", Cond.MeasurePositive),
        new("tional", "tion", Cond.MeasurePositive),
        new("enci", "ence", Cond.MeasurePositive),
        new("anci", "ance", Cond.MeasurePositive),
        new("izer", "ize", Cond.MeasurePositive),
        new("bli", "ble", Cond.MeasurePositive),
        new("alli", "al", Cond.MeasurePositive),
        new("entli", "ent", Cond.MeasurePositive),
        new("eli", "e", Cond.MeasurePositive),
        new("ousli", "ous", Cond.MeasurePositive),
        new("ization", "ize", Cond.MeasurePositive),
        new("ation", "ate", Cond.MeasurePositive),
        new("ator", "ate", Cond.MeasurePositive),
        new("alism", "al", Cond.MeasurePositive),
        new("iveness", "ive", Cond.MeasurePositive),
        new("fulness", "ful", Cond.MeasurePositive),
        new("ousness", "ous", Cond.MeasurePositive),
        new("aliti", "al", Cond.MeasurePositive),
        new("iviti", "ive", Cond.MeasurePositive),
        new("biliti", "ble", Cond.MeasurePositive),
        new("fulli", "ful", Cond.MeasurePositive),
        new("logi", "log", Cond.LogiStem),
    ];

    static readonly Rule[] Step3Rules =
    [
        new("icate", "ic", Cond.MeasurePositive),
        new("ative", "", Cond.MeasurePositive),
        new("alize", "al", Cond.MeasurePositive),
        new("iciti", "ic", Cond.MeasurePositive),
        new("ical", "ic", Cond.MeasurePositive),
        new("ful", "", Cond.MeasurePositive),
        new("ness", "", Cond.MeasurePositive),
    ];

    static readonly Rule[] Step4Rules =
    [
        new("al", "", Cond.MeasureAbove1),
        new("ance", "", Cond.MeasureAbove1),
        new("ence", "", Cond.MeasureAbove1),
        new("er", "", Cond.MeasureAbove1),
        new("ic", "", Cond.MeasureAbove1),
        new("able", "", Cond.MeasureAbove1),
        new("ible", "", Cond.MeasureAbove1),
        new("ant", "", Cond.MeasureAbove1),
        new("ement", "", Cond.MeasureAbove1),
        new("ment", "", Cond.MeasureAbove1),
        new("ent", "", Cond.MeasureAbove1),
        new("ion", "", Cond.IonStem),
        new("ou", "", Cond.MeasureAbove1),
        new("ism", "", Cond.MeasureAbove1),
        new("ate", "", Cond.MeasureAbove1),
        new("iti", "", Cond.MeasureAbove1),
        new("ous", "", Cond.MeasureAbove1),
        new("ive", "", Cond.MeasureAbove1),
        new("ize", "", Cond.MeasureAbove1),
    ];

    /// <summary>Stems one lowercase word. Words of one or two characters are returned unchanged.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (Pool.TryGetValue(word, out var irregular)) return irregular;
        if (word.Length <= 2) return word;

        var w = Step1a(word);
        w = Step1b(w);
        w = Step1c(w);
        w = Step2(w);
        w = ApplyRules(w, Step3Rules);
        w = ApplyRules(w, Step4Rules);
        w = Step5a(w);
        return Step5b(w);
    }

    // A letter is a consonant unless it is a vowel, or a 'y' that follows a consonant. Since this depends only on
    // what precedes position i, it is the same in a word and in any prefix (stem) of it.
    static bool IsConsonant(ReadOnlySpan<char> w, int i)
    {
        if (w[i] is 'a' or 'e' or 'i' or 'o' or 'u') return false;
        if (w[i] != 'y') return true;
        // A 'y' is a consonant at the start, else exactly when the letter before it is a vowel. Walk back over a
        // run of y's (each flips the answer) to the first letter that decides by itself.
        bool consonant = true;
        while (i > 0)
        {
            i--;
            consonant = !consonant;
            if (w[i] != 'y') return (w[i] is 'a' or 'e' or 'i' or 'o' or 'u') ? !consonant : consonant;
        }
        return consonant;
    }

    /// <summary>Porter's m: the number of vowel-to-consonant transitions in [C](VC)^m[V].</summary>
    static int Measure(ReadOnlySpan<char> stem)
    {
        int m = 0;
        bool prevConsonant = true, prevVowel = false;
        for (int i = 0; i < stem.Length; i++)
        {
            char c = stem[i];
            bool consonant = c switch
            {
                'a' or 'e' or 'i' or 'o' or 'u' => false,
                'y' => i == 0 || !prevConsonant,
                _ => true,
            };
            if (consonant && prevVowel) m++;
            prevConsonant = consonant;
            prevVowel = !consonant;
        }
        return m;
    }

    static bool ContainsVowel(ReadOnlySpan<char> stem)
    {
        for (int i = 0; i < stem.Length; i++)
            if (!IsConsonant(stem, i)) return true;
        return false;
    }

    static bool EndsDoubleConsonant(ReadOnlySpan<char> w)
        => w.Length >= 2 && w[^1] == w[^2] && IsConsonant(w, w.Length - 1);

    /// <summary>
    /// Porter's *o (consonant-vowel-consonant, last not w/x/y), plus NLTK's extension that a two-letter
    /// vowel-consonant word also counts.
    /// </summary>
    static bool EndsCvc(ReadOnlySpan<char> w)
    {
        int n = w.Length;
        if (n >= 3 && IsConsonant(w, n - 3) && !IsConsonant(w, n - 2) && IsConsonant(w, n - 1)
            && w[^1] is not ('w' or 'x' or 'y'))
            return true;
        return n == 2 && !IsConsonant(w, 0) && IsConsonant(w, 1);
    }

    static bool Holds(Cond cond, string word, ReadOnlySpan<char> stem) => cond switch
    {
        Cond.None => true,
        Cond.MeasurePositive => Measure(stem) > 0,
        Cond.MeasureAbove1 => Measure(stem) > 1,
        Cond.IonStem => Measure(stem) > 1 && stem[^1] is 's' or 't',
        // NLTK keeps the 'l' of "logi" with the stem when measuring, so short stems such as "geo" qualify.
        Cond.LogiStem => Measure(word.AsSpan(0, word.Length - 3)) > 0,
        _ => throw new ArgumentOutOfRangeException(nameof(cond), cond, null),
    };

    /// <summary>The first rule whose suffix matches decides: its replacement if its condition holds, else no change.</summary>
    static string ApplyRules(string word, Rule[] rules)
    {
        foreach (var rule in rules)
        {
            if (!word.EndsWith(rule.Suffix, StringComparison.Ordinal)) continue;
            var stem = word.AsSpan(0, word.Length - rule.Suffix.Length);
            return Holds(rule.Condition, word, stem) ? string.Concat(stem, rule.Replacement) : word;
        }
        return word;
    }

    static string Step1a(string w)
    {
        // NLTK: a four-letter "-ies" word keeps "ie" ("dies" -> "die", but "flies" -> "fli").
        if (w.Length == 4 && w.EndsWith("ies", StringComparison.Ordinal)) return string.Concat(w.AsSpan(0, 1), "ie");
        return ApplyRules(w, Step1aRules);
    }

    static string Step1b(string w)
    {
        // NLTK: "-ied" is handled like "-ies" ("died" -> "die", "spied" -> "spi").
        if (w.EndsWith("ied", StringComparison.Ordinal))
            return string.Concat(w.AsSpan(0, w.Length - 3), w.Length == 4 ? "ie" : "i");

        if (w.EndsWith("eed", StringComparison.Ordinal))
        {
            var eedStem = w.AsSpan(0, w.Length - 3);
            return Measure(eedStem) > 0 ? string.Concat(eedStem, "ee") : w;
        }

        string stem;
        if (w.EndsWith("ed", StringComparison.Ordinal) && ContainsVowel(w.AsSpan(0, w.Length - 2)))
            stem = w[..^2];
        else if (w.EndsWith("ing", StringComparison.Ordinal) && ContainsVowel(w.AsSpan(0, w.Length - 3)))
            stem = w[..^3];
        else
            return w;

        if (stem.EndsWith("at", StringComparison.Ordinal) || stem.EndsWith("bl", StringComparison.Ordinal)
            || stem.EndsWith("iz", StringComparison.Ordinal))
            return stem + "e";
        if (EndsDoubleConsonant(stem))
            return stem[^1] is 'l' or 's' or 'z' ? stem : stem[..^1];
        return Measure(stem) == 1 && EndsCvc(stem) ? stem + "e" : stem;
    }

    static string Step1c(string w)
    {
        // NLTK: y -> i only after a consonant that is not the word's first letter ("happy" -> "happi", "enjoy" stays).
        if (w.EndsWith('y') && w.Length > 2 && IsConsonant(w, w.Length - 2))
            return string.Concat(w.AsSpan(0, w.Length - 1), "i");
        return w;
    }

    static string Step2(string w)
    {
        // NLTK tries "alli" -> "al" before everything else and, when it applies, runs step 2 again on the result.
        if (w.EndsWith("alli", StringComparison.Ordinal) && Measure(w.AsSpan(0, w.Length - 4)) > 0)
            return Step2(string.Concat(w.AsSpan(0, w.Length - 4), "al"));
        return ApplyRules(w, Step2Rules);
    }

    static string Step5a(string w)
    {
        // Unlike the other steps, both "e" rules are tried: (m>1) E -> , then (m=1 and not *o) E -> .
        if (!w.EndsWith('e')) return w;
        var stem = w.AsSpan(0, w.Length - 1);
        int m = Measure(stem);
        return m > 1 || (m == 1 && !EndsCvc(stem)) ? stem.ToString() : w;
    }

    static string Step5b(string w)
        // (m>1 and *d and *L) -> single letter, where NLTK measures the word minus one 'l'.
        => w.EndsWith("ll", StringComparison.Ordinal) && Measure(w.AsSpan(0, w.Length - 1)) > 1 ? w[..^1] : w;
}
