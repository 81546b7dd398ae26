using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Lethe.Tokenization;

/// <summary>
/// The "normalizer" of tokenizer.json: rewrites each stretch of text between added tokens before
/// pre-tokenization (Llama-2: prepend "▁", spaces → "▁"; Qwen2: NFC).
/// </summary>
internal abstract class TextNormalizer
{
    public abstract string Normalize(string text);

    public static TextNormalizer? Parse(HfJson json, JsonElement? element, string path)
    {
        if (element is null) return null;
        var e = element.Value;
        if (e.ValueKind != JsonValueKind.Object) throw json.Error(path, $"must be an object or null, not {HfJson.Kind(e)}");
        string type = json.RequireString(e, "type", path);
        switch (type)
        {
            case "Sequence":
            {
                var items = json.RequireArray(e, "normalizers", path);
                var list = new List<TextNormalizer>();
                int i = 0;
                foreach (var item in items.EnumerateArray())
                {
                    var n = Parse(json, item, $"{path}.normalizers[{i++}]");
                    if (n is not null) list.Add(n);
                }
                return new SequenceNormalizer(list);
            }
            case "Prepend":
                return new PrependNormalizer(json.RequireString(e, "prepend", path));
            case "Replace":
            {
                var (regex, literal) = TextPattern.Parse(json, e, path);
                return new ReplaceNormalizer(regex, literal, json.RequireString(e, "content", path));
            }
            case "NFC": return new UnicodeNormalizer(NormalizationForm.FormC, type);
            case "NFD": return new UnicodeNormalizer(NormalizationForm.FormD, type);
            case "NFKC": return new UnicodeNormalizer(NormalizationForm.FormKC, type);
            case "NFKD": return new UnicodeNormalizer(NormalizationForm.FormKD, type);
            case "Lowercase": return new LowercaseNormalizer();
            case "Strip":
                return new StripNormalizer(json.OptionalBool(e, "strip_left", path, true), json.OptionalBool(e, "strip_right", path, true));
            case "ByteLevel": return new ByteLevelNormalizer();
            default:
                throw json.Error(HfJson.Join(path, "type"), $"normalizer \"{type}\" is not supported (supported: Sequence, Prepend, Replace, NFC, NFD, NFKC, NFKD, Lowercase, Strip, ByteLevel)");
        }
    }
}

internal sealed class SequenceNormalizer(IReadOnlyList<TextNormalizer> items) : TextNormalizer
{
    public override string Normalize(string text)
    {
        foreach (var n in items) text = n.Normalize(text);
        return text;
    }
}

internal sealed class PrependNormalizer(string prefix) : TextNormalizer
{
    // Hugging Face leaves an empty stretch empty.
    public override string Normalize(string text) => text.Length == 0 ? text : prefix + text;
}

internal sealed class ReplaceNormalizer(CodePointRegex? regex, string? literal, string content) : TextNormalizer
{
    public override string Normalize(string text) => TextPattern.ReplaceAll(text, regex, literal, content);
}

internal sealed class LowercaseNormalizer : TextNormalizer
{
    public override string Normalize(string text) => text.ToLowerInvariant();
}

internal sealed class StripNormalizer(bool left, bool right) : TextNormalizer
{
    public override string Normalize(string text) => left && right ? text.Trim() : left ? text.TrimStart() : right ? text.TrimEnd() : text;
}

internal sealed class ByteLevelNormalizer : TextNormalizer
{
    public override string Normalize(string text) => ByteLevelAlphabet.Encode(text);
}

/// <summary>
/// Unicode normalization. The project builds with InvariantGlobalization, where .NET's
/// <see cref="string.Normalize(NormalizationForm)"/> silently returns its input unchanged, and no package here
/// carries the Unicode normalization tables. So when the runtime cannot normalize, a hand-written quick check
/// proves that the text is already in the requested form (true of almost all real text for NFC: plain
/// letters, CJK, Hangul syllables, emoji); text it cannot vouch for is refused with a clear message rather
/// than tokenized differently from Hugging Face.
/// </summary>
internal sealed class UnicodeNormalizer(NormalizationForm form, string name) : TextNormalizer
{
    static readonly bool RuntimeNormalizes = ProbeRuntime();

    static bool ProbeRuntime()
    {
        try { return "e\u0301".Normalize(NormalizationForm.FormC).Length == 1; }
        catch (PlatformNotSupportedException) { return false; }
    }

    public override string Normalize(string text)
    {
        if (RuntimeNormalizes) return text.Normalize(form);
        int bad = form switch
        {
            NormalizationForm.FormC => NfcQuickCheck.FirstUncertain(text),
            NormalizationForm.FormD => FirstAtOrAbove(text, 0xC0),
            _ => FirstAtOrAbove(text, 0xA0),
        };
        if (bad < 0) return text;
        int cp = NfcQuickCheck.CodePointAt(text, bad);
        throw new LetheException(
            $"tokenizer normalizer {name}: the text contains U+{cp:X4} at index {bad}, which may change under {name}, and this build " +
            "cannot apply Unicode normalization (InvariantGlobalization); normalize the text to " + name + " first");
    }

    static int FirstAtOrAbove(string s, int limit)
    {
        for (int i = 0; i < s.Length; i++) if (s[i] >= limit) return i;
        return -1;
    }
}

/// <summary>
/// A sufficient test for "this text is already NFC" without normalization tables (UAX #15 quick check,
/// conservatively): every character must have NFC_Quick_Check = Yes, and no two combining marks may be
/// adjacent (so canonical reordering cannot apply). Characters with NFC_Quick_Check = No or Maybe are listed
/// below from Unicode's DerivedNormalizationProps; marks are found by general category.
/// </summary>
internal static class NfcQuickCheck
{
    // Inclusive ranges of code points whose NFC_Quick_Check is No or Maybe and that are not combining marks
    // (those are caught by category): singletons, composition exclusions, conjoining jamo, CJK compatibility ideographs.
    static readonly (int Lo, int Hi)[] NotYes =
    [
        (0x0340, 0x0341), (0x0343, 0x0344), (0x0374, 0x0374), (0x037E, 0x037E), (0x0387, 0x0387),
        (0x0958, 0x095F), (0x09DC, 0x09DD), (0x09DF, 0x09DF), (0x0A33, 0x0A33), (0x0A36, 0x0A36),
        (0x0A59, 0x0A5B), (0x0A5E, 0x0A5E), (0x0B5C, 0x0B5D), (0x0F43, 0x0F43), (0x0F4D, 0x0F4D),
        (0x0F52, 0x0F52), (0x0F57, 0x0F57), (0x0F5C, 0x0F5C), (0x0F69, 0x0F69), (0x0F73, 0x0F73),
        (0x0F75, 0x0F76), (0x0F78, 0x0F78), (0x0F81, 0x0F81), (0x0F93, 0x0F93), (0x0F9D, 0x0F9D),
        (0x0FA2, 0x0FA2), (0x0FA7, 0x0FA7), (0x0FAC, 0x0FAC), (0x0FB9, 0x0FB9),
        (0x1160, 0x11FF),
        (0x1F71, 0x1F71), (0x1F73, 0x1F73), (0x1F75, 0x1F75), (0x1F77, 0x1F77), (0x1F79, 0x1F79),
        (0x1F7B, 0x1F7B), (0x1F7D, 0x1F7D), (0x1FBB, 0x1FBB), (0x1FBE, 0x1FBE), (0x1FC9, 0x1FC9),
        (0x1FCB, 0x1FCB), (0x1FD3, 0x1FD3), (0x1FDB, 0x1FDB), (0x1FE3, 0x1FE3), (0x1FEB, 0x1FEB),
        (0x1FEE, 0x1FEF), (0x1FF9, 0x1FF9), (0x1FFB, 0x1FFB), (0x1FFD, 0x1FFD),
        (0x2000, 0x2001), (0x2126, 0x2126), (0x212A, 0x212B), (0x2329, 0x232A), (0x2ADC, 0x2ADC),
        (0xF900, 0xFAFF), (0xFB1D, 0xFB1D), (0xFB1F, 0xFB1F), (0xFB2A, 0xFB4E),
        (0x1D15E, 0x1D164), (0x1D1BB, 0x1D1C0), (0x2F800, 0x2FA1F),
    ];

    // Combining marks (Mn/Mc) that are NFC_Quick_Check = Maybe: they may compose with the character before.
    static readonly (int Lo, int Hi)[] MaybeMarks =
    [
        (0x0300, 0x034F), (0x0653, 0x0655), (0x093C, 0x093C), (0x09BE, 0x09BE), (0x09D7, 0x09D7),
        (0x0B3E, 0x0B3E), (0x0B56, 0x0B57), (0x0BBE, 0x0BBE), (0x0BD7, 0x0BD7), (0x0C56, 0x0C56),
        (0x0CC2, 0x0CC2), (0x0CD5, 0x0CD6), (0x0D3E, 0x0D3E), (0x0D57, 0x0D57), (0x0DCA, 0x0DCA),
        (0x0DCF, 0x0DCF), (0x0DDF, 0x0DDF), (0x102E, 0x102E), (0x1B35, 0x1B35), (0x3099, 0x309A),
        (0x110BA, 0x110BA), (0x11127, 0x11127), (0x1133E, 0x1133E), (0x11357, 0x11357),
        (0x114B0, 0x114B0), (0x114BA, 0x114BA), (0x114BD, 0x114BD), (0x115AF, 0x115AF), (0x11930, 0x11930),
    ];

    /// <summary>The code point at <paramref name="index"/>, combining a surrogate pair when one starts there.</summary>
    public static int CodePointAt(string s, int index)
        => char.IsHighSurrogate(s[index]) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1])
            ? char.ConvertToUtf32(s[index], s[index + 1]) : s[index];

    /// <summary>Index of the first character that stops the proof, or -1 when the text is certainly NFC.</summary>
    public static int FirstUncertain(string s)
    {
        bool previousWasMark = false;
        for (int i = 0; i < s.Length;)
        {
            int cp = NfcQuickCheck.CodePointAt(s, i);
            int width = cp > 0xFFFF ? 2 : 1;
            if (cp < 0x300) { previousWasMark = false; i += width; continue; }
            if (In(NotYes, cp) || In(MaybeMarks, cp)) return i;
            var cat = CharUnicodeInfo.GetUnicodeCategory(cp);
            bool isVariationSelector = cp is >= 0xFE00 and <= 0xFE0F or >= 0xE0100 and <= 0xE01EF;
            bool isMark = (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark) && !isVariationSelector;
            if (isMark && previousWasMark) return i;
            previousWasMark = isMark;
            i += width;
        }
        return -1;
    }

    static bool In((int Lo, int Hi)[] ranges, int cp)
    {
        foreach (var (lo, hi) in ranges)
        {
            if (cp < lo) return false;
            if (cp <= hi) return true;
        }
        return false;
    }
}
