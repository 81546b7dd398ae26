using System.Globalization;
using System.Text.Json;

namespace Lethe.Tokenization;

/// <summary>A stretch of text on its way to the model; <see cref="AtStart"/>: it begins at offset 0 of the input.</summary>
internal readonly record struct TextPiece(string Text, bool AtStart);

/// <summary>
/// The "pre_tokenizer" of tokenizer.json: cuts each stretch of normalized text into words that the BPE model
/// encodes independently (GPT-2's regex, Llama-3's Split regex, SentencePiece's Metaspace...).
/// Semantics follow the Hugging Face tokenizers crate (0.22): empty pieces are dropped after every split.
/// </summary>
internal abstract class PreTokenizer
{
    /// <summary>Replaces every piece of <paramref name="pieces"/> by the pieces it splits into.</summary>
    public abstract void Apply(List<TextPiece> pieces);

    /// <summary>GPT-2's split regex: the ByteLevel pre-tokenizer's built-in pattern.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public static PreTokenizer? Parse(HfJson json, JsonElement? element, string path)
    {
        string? type = json.ComponentType(element, path, out var e);
        if (type is null) return null;
        switch (type)
        {
            case "Sequence":
                return new SequencePreTokenizer(json.Sequence(e, "pretokenizers", path, Parse));
            case "ByteLevel":
                return new ByteLevelPreTokenizer(
                    json.OptionalBool(e, "add_prefix_space", path, true),
                    json.OptionalBool(e, "use_regex", path, true));
            case "Split":
            {
                var (regex, literal) = TextPattern.Parse(json, e, path);
                string behavior = json.RequireString(e, "behavior", path);
                var b = ParseBehavior(json, behavior, HfJson.Join(path, "behavior"));
                return new SplitPreTokenizer(regex, literal, b, json.OptionalBool(e, "invert", path, false));
            }
            case "Metaspace":
            {
                string replacement = json.RequireChar(e, "replacement", path);
                string scheme = json.OptionalString(e, "prepend_scheme", path) ?? "always";
                if (scheme is not ("always" or "first" or "never"))
                    throw json.Error(HfJson.Join(path, "prepend_scheme"), $"must be \"always\", \"first\" or \"never\", not \"{scheme}\"");
                if (json.OptionalBool(e, "add_prefix_space", path) == false)
                {
                    if (scheme != "never" && HfJson.Get(e, "prepend_scheme") is not null)
                        throw json.Error(HfJson.Join(path, "add_prefix_space"), "false does not match prepend_scheme \"" + scheme + "\"");
                    scheme = "never";
                }
                return new MetaspacePreTokenizer(replacement, scheme, json.OptionalBool(e, "split", path, true));
            }
            case "Digits":
                return new DigitsPreTokenizer(json.OptionalBool(e, "individual_digits", path, false));
            case "WhitespaceSplit":
                return new WhitespaceSplitPreTokenizer();
            case "Whitespace":
                return new SplitPreTokenizer(CodePointRegex.Shared(@"\w+|[^\w\s]+"), null, SplitBehavior.Removed, invert: true);
            default:
                throw json.Error(HfJson.Join(path, "type"), $"pre-tokenizer \"{type}\" is not supported (supported: Sequence, ByteLevel, Split, Metaspace, Digits, Whitespace, WhitespaceSplit)");
        }
    }

    static SplitBehavior ParseBehavior(HfJson json, string value, string path) => value switch
    {
        "Removed" => SplitBehavior.Removed,
        "Isolated" => SplitBehavior.Isolated,
        "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
        "MergedWithNext" => SplitBehavior.MergedWithNext,
        "Contiguous" => SplitBehavior.Contiguous,
        _ => throw json.Error(path, $"\"{value}\" is not one of Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous"),
    };

    /// <summary>Hugging Face's <c>NormalizedString::split</c>: turns flagged pieces into the kept ranges.</summary>
    protected static void EmitSplits(TextPiece piece, List<(int Start, int End, bool IsMatch)> flagged, SplitBehavior behavior, List<TextPiece> output)
    {
        var ranges = new List<(int Start, int End)>(flagged.Count);
        switch (behavior)
        {
            case SplitBehavior.Isolated:
                foreach (var (s, e, _) in flagged) ranges.Add((s, e));
                break;
            case SplitBehavior.Removed:
                foreach (var (s, e, m) in flagged) if (!m) ranges.Add((s, e));
                break;
            case SplitBehavior.Contiguous:
            {
                bool previous = false;
                foreach (var (s, e, m) in flagged)
                {
                    if (m == previous && ranges.Count > 0) ranges[^1] = (ranges[^1].Start, e);
                    else ranges.Add((s, e));
                    previous = m;
                }
                break;
            }
            case SplitBehavior.MergedWithPrevious:
            {
                bool previous = false;
                foreach (var (s, e, m) in flagged)
                {
                    if (m && !previous && ranges.Count > 0) ranges[^1] = (ranges[^1].Start, e);
                    else ranges.Add((s, e));
                    previous = m;
                }
                break;
            }
            case SplitBehavior.MergedWithNext:
            {
                bool previous = false;
                for (int i = flagged.Count - 1; i >= 0; i--)
                {
                    var (s, e, m) = flagged[i];
                    if (m && !previous && ranges.Count > 0) ranges[^1] = (s, ranges[^1].End);
                    else ranges.Add((s, e));
                    previous = m;
                }
                ranges.Reverse();
                break;
            }
        }
        foreach (var (s, e) in ranges)
            if (e > s) output.Add(new TextPiece(piece.Text[s..e], piece.AtStart && s == 0));
    }

    /// <summary>Pieces cut at every code point for which <paramref name="predicate"/> holds (each such code point is a match).</summary>
    protected static List<(int Start, int End, bool IsMatch)> FlagCodePoints(string text, Func<int, bool> predicate)
    {
        var flagged = new List<(int, int, bool)>();
        int last = 0;
        for (int i = 0; i < text.Length;)
        {
            int cp = CodePoints.At(text, i);
            int w = cp > 0xFFFF ? 2 : 1;
            if (predicate(cp))
            {
                if (last < i) flagged.Add((last, i, false));
                flagged.Add((i, i + w, true));
                last = i + w;
            }
            i += w;
        }
        if (last < text.Length) flagged.Add((last, text.Length, false));
        return flagged;
    }
}

internal enum SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous }

/// <summary>A pre-tokenizer that splits each piece on its own.</summary>
internal abstract class PieceSplitter : PreTokenizer
{
    public override void Apply(List<TextPiece> pieces)
    {
        var output = new List<TextPiece>(pieces.Count * 2);
        foreach (var p in pieces) Split(p, output);
        pieces.Clear();
        foreach (var p in output) if (p.Text.Length > 0) pieces.Add(p);
    }

    protected abstract void Split(TextPiece piece, List<TextPiece> output);
}

internal sealed class SequencePreTokenizer(IReadOnlyList<PreTokenizer> items) : PreTokenizer
{
    public override void Apply(List<TextPiece> pieces)
    {
        foreach (var p in items) p.Apply(pieces);
    }
}

internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : PieceSplitter
{
    static readonly CodePointRegex Gpt2 = new(Gpt2Pattern);

    protected override void Split(TextPiece piece, List<TextPiece> output)
    {
        string text = piece.Text;
        if (addPrefixSpace && !text.StartsWith(' ')) text = " " + text;
        if (!useRegex)
        {
            output.Add(new TextPiece(ByteLevelAlphabet.Encode(text), piece.AtStart));
            return;
        }
        foreach (var (s, e, _) in TextPattern.Pieces(text, Gpt2.Matches(text)))
            if (e > s) output.Add(new TextPiece(ByteLevelAlphabet.Encode(text[s..e]), piece.AtStart && s == 0));
    }
}

internal sealed class SplitPreTokenizer(CodePointRegex? regex, string? literal, SplitBehavior behavior, bool invert) : PieceSplitter
{
    protected override void Split(TextPiece piece, List<TextPiece> output)
    {
        var flagged = TextPattern.Pieces(piece.Text, TextPattern.Find(piece.Text, regex, literal));
        if (invert)
            for (int i = 0; i < flagged.Count; i++) flagged[i] = (flagged[i].Start, flagged[i].End, !flagged[i].IsMatch);
        EmitSplits(piece, flagged, behavior, output);
    }
}

internal sealed class MetaspacePreTokenizer(string replacement, string prependScheme, bool split) : PieceSplitter
{
    protected override void Split(TextPiece piece, List<TextPiece> output)
    {
        string text = piece.Text.Replace(" ", replacement, StringComparison.Ordinal);
        bool prepend = prependScheme switch
        {
            "always" => true,
            "first" => piece.AtStart,
            _ => false,
        };
        if (prepend && !text.StartsWith(replacement, StringComparison.Ordinal)) text = replacement + text;
        if (!split)
        {
            output.Add(piece with { Text = text });
            return;
        }
        int rep = CodePoints.At(replacement, 0);
        EmitSplits(piece with { Text = text }, FlagCodePoints(text, cp => cp == rep), SplitBehavior.MergedWithNext, output);
    }
}

internal sealed class DigitsPreTokenizer(bool individualDigits) : PieceSplitter
{
    protected override void Split(TextPiece piece, List<TextPiece> output)
    {
        // Rust's char::is_numeric: general categories Nd, Nl and No.
        var flagged = FlagCodePoints(piece.Text, cp => CharUnicodeInfo.GetUnicodeCategory(cp) is
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber);
        EmitSplits(piece, flagged, individualDigits ? SplitBehavior.Isolated : SplitBehavior.Contiguous, output);
    }
}

internal sealed class WhitespaceSplitPreTokenizer : PieceSplitter
{
    protected override void Split(TextPiece piece, List<TextPiece> output)
        => EmitSplits(piece, FlagCodePoints(piece.Text, cp => cp <= 0xFFFF && char.IsWhiteSpace((char)cp)), SplitBehavior.Removed, output);
}

internal static class PreTokenizerExtensions
{
    /// <summary>Applies the pre-tokenizer; without one (null in tokenizer.json) each non-empty stretch is one word.</summary>
    public static void ApplyOrKeep(this PreTokenizer? p, List<TextPiece> pieces)
    {
        if (p is not null) p.Apply(pieces);
        else pieces.RemoveAll(x => x.Text.Length == 0);
    }
}
