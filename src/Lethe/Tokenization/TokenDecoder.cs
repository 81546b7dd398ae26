using System.Text;
using System.Text.Json;

namespace Lethe.Tokenization;

/// <summary>
/// The "decoder" of tokenizer.json: turns the token strings of an id sequence back into text. Each step
/// maps a list of strings to a list of strings (Hugging Face's <c>decode_chain</c>); the results are concatenated.
/// </summary>
internal abstract class TokenDecoder
{
    public abstract List<string> DecodeChain(List<string> tokens);

    public string Decode(List<string> tokens) => string.Concat(DecodeChain(tokens));

    public static TokenDecoder? Parse(HfJson json, JsonElement? element, string path)
    {
        string? type = json.ComponentType(element, path, out var e);
        if (type is null) return null;
        switch (type)
        {
            case "Sequence":
                return new SequenceDecoder(json.Sequence(e, "decoders", path, Parse));
            case "ByteLevel": return new ByteLevelDecoder();
            case "ByteFallback": return new ByteFallbackDecoder();
            case "Fuse": return new FuseDecoder();
            case "Replace":
            {
                var (regex, literal) = TextPattern.Parse(json, e, path);
                return new ReplaceDecoder(regex, literal, json.RequireString(e, "content", path));
            }
            case "Strip":
            {
                string content = json.RequireChar(e, "content", path);
                int start = json.OptionalInt(e, "start", path, 0, 1_000_000) ?? 0;
                int stop = json.OptionalInt(e, "stop", path, 0, 1_000_000) ?? 0;
                return new StripDecoder(content, start, stop);
            }
            case "Metaspace":
            {
                string replacement = json.RequireChar(e, "replacement", path);
                string scheme = json.OptionalString(e, "prepend_scheme", path) ?? "always";
                if (json.OptionalBool(e, "add_prefix_space", path) == false) scheme = "never";
                return new MetaspaceDecoder(replacement, scheme != "never");
            }
            default:
                throw json.Error(HfJson.Join(path, "type"), $"decoder \"{type}\" is not supported (supported: Sequence, ByteLevel, ByteFallback, Fuse, Replace, Strip, Metaspace)");
        }
    }
}

internal sealed class SequenceDecoder(IReadOnlyList<TokenDecoder> items) : TokenDecoder
{
    public override List<string> DecodeChain(List<string> tokens)
    {
        foreach (var d in items) tokens = d.DecodeChain(tokens);
        return tokens;
    }
}

/// <summary>Table characters back to bytes, then UTF-8 with U+FFFD for invalid sequences (Rust's from_utf8_lossy).</summary>
internal sealed class ByteLevelDecoder : TokenDecoder
{
    public override List<string> DecodeChain(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (var t in tokens)
        {
            bool all = true;
            foreach (char c in t) if (!ByteLevelAlphabet.TryGetByte(c, out _)) { all = false; break; }
            if (all) foreach (char c in t) { ByteLevelAlphabet.TryGetByte(c, out byte b); bytes.Add(b); }
            else bytes.AddRange(Encoding.UTF8.GetBytes(t));   // e.g. an added token written in plain text
        }
        return [Encoding.UTF8.GetString(bytes.ToArray())];
    }
}

/// <summary>Runs of "&lt;0xNN&gt;" tokens become the text of their bytes, or one U+FFFD per byte when not valid UTF-8.</summary>
internal sealed class ByteFallbackDecoder : TokenDecoder
{
    static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    public override List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        var pending = new List<byte>();
        foreach (var t in tokens)
        {
            if (TryByte(t, out byte b)) { pending.Add(b); continue; }
            Flush(pending, result);
            result.Add(t);
        }
        Flush(pending, result);
        return result;
    }

    static bool TryByte(string t, out byte b)
    {
        b = 0;
        return t.Length == 6 && t.StartsWith("<0x", StringComparison.Ordinal) && t[5] == '>'
            && byte.TryParse(t.AsSpan(3, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out b);
    }

    static void Flush(List<byte> pending, List<string> result)
    {
        if (pending.Count == 0) return;
        try { result.Add(Strict.GetString(pending.ToArray())); }
        catch (DecoderFallbackException) { for (int i = 0; i < pending.Count; i++) result.Add("\uFFFD"); }
        pending.Clear();
    }
}

internal sealed class FuseDecoder : TokenDecoder
{
    public override List<string> DecodeChain(List<string> tokens) => [string.Concat(tokens)];
}

internal sealed class ReplaceDecoder(CodePointRegex? regex, string? literal, string content) : TokenDecoder
{
    public override List<string> DecodeChain(List<string> tokens)
        => tokens.Select(t => TextPattern.ReplaceAll(t, regex, literal, content)).ToList();
}

/// <summary>Removes up to <c>start</c> leading and <c>stop</c> trailing copies of one character from every token.</summary>
internal sealed class StripDecoder(string content, int start, int stop) : TokenDecoder
{
    public override List<string> DecodeChain(List<string> tokens) => tokens.Select(StripOne).ToList();

    string StripOne(string token)
    {
        var runes = token.EnumerateRunes().Select(r => r.ToString()).ToList();
        int from = 0;
        while (from < start && from < runes.Count && runes[from] == content) from++;
        int to = runes.Count;
        for (int i = 0; i < stop && to > from && runes[to - 1] == content; i++) to--;
        return string.Concat(runes.Skip(from).Take(to - from));
    }
}

/// <summary>The replacement character becomes a space; in the first token it is dropped when a prefix was prepended.</summary>
internal sealed class MetaspaceDecoder(string replacement, bool prepended) : TokenDecoder
{
    public override List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
            result.Add(tokens[i].Replace(replacement, i == 0 && prepended ? "" : " ", StringComparison.Ordinal));
        return result;
    }
}
