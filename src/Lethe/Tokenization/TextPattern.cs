using System.Text;
using System.Text.Json;

namespace Lethe.Tokenization;

/// <summary>
/// The <c>"pattern": {"String": "..."}</c> / <c>{"Regex": "..."}</c> field shared by the Replace normalizer,
/// the Replace decoder and the Split pre-tokenizer.
/// </summary>
internal static class TextPattern
{
    public static (CodePointRegex? Regex, string? Literal) Parse(HfJson json, JsonElement owner, string path)
    {
        var p = json.RequireObject(owner, "pattern", path);
        string ppath = HfJson.Join(path, "pattern");
        string? literal = json.OptionalString(p, "String", ppath);
        string? regex = json.OptionalString(p, "Regex", ppath);
        if ((literal is null) == (regex is null))
            throw json.Error(ppath, "must have exactly one of \"String\" or \"Regex\"");
        if (literal is not null)
        {
            if (literal.Length == 0) throw json.Error(ppath + ".String", "must not be empty");
            return (null, literal);
        }
        if (regex!.Length == 0) throw json.Error(ppath + ".Regex", "must not be empty");
        return (Compile(json, regex, ppath + ".Regex"), null);
    }

    public static CodePointRegex Compile(HfJson json, string pattern, string path)
    {
        try { return CodePointRegex.Shared(pattern); }
        catch (ArgumentException e)
        {
            throw json.Error(path, $"regex cannot be compiled by .NET ({e.Message.Split('\n')[0].Trim()})");
        }
    }

    /// <summary>Non-overlapping occurrences, left to right, as [start, end).</summary>
    public static List<(int Start, int End)> Find(string text, CodePointRegex? regex, string? literal)
    {
        if (regex is not null) return regex.Matches(text);
        var result = new List<(int, int)>();
        for (int i = 0; i <= text.Length - literal!.Length;)
        {
            int at = text.IndexOf(literal, i, StringComparison.Ordinal);
            if (at < 0) break;
            result.Add((at, at + literal.Length));
            i = at + literal.Length;
        }
        return result;
    }

    public static string ReplaceAll(string text, CodePointRegex? regex, string? literal, string content)
    {
        var matches = Find(text, regex, literal);
        if (matches.Count == 0) return text;
        var sb = new StringBuilder(text.Length + matches.Count * content.Length);
        int prev = 0;
        foreach (var (start, end) in matches)
        {
            sb.Append(text, prev, start - prev).Append(content);
            prev = end;
        }
        return sb.Append(text, prev, text.Length - prev).ToString();
    }

    /// <summary>
    /// The whole text cut into consecutive pieces, each flagged as a match or not (Hugging Face's
    /// <c>find_matches</c>): the input to the split behaviors.
    /// </summary>
    public static List<(int Start, int End, bool IsMatch)> Pieces(string text, List<(int Start, int End)> matches)
    {
        var pieces = new List<(int, int, bool)>(matches.Count * 2 + 1);
        int prev = 0;
        foreach (var (start, end) in matches)
        {
            if (prev != start) pieces.Add((prev, start, false));
            pieces.Add((start, end, true));
            prev = end;
        }
        if (prev != text.Length) pieces.Add((prev, text.Length, false));
        return pieces;
    }
}
