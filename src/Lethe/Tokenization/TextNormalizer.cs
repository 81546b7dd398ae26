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
        string? type = json.ComponentType(element, path, out var e);
        if (type is null) return null;
        switch (type)
        {
            case "Sequence":
                return new SequenceNormalizer(json.Sequence(e, "normalizers", path, Parse));
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
        int cp = CodePoints.At(text, bad);
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
