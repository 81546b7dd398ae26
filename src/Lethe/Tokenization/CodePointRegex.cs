using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Lethe.Tokenization;

/// <summary>
/// A tokenizer.json regex (written for Oniguruma, which matches code points) run with .NET's
/// <see cref="Regex"/> (which matches UTF-16 code units).
/// </summary>
/// <remarks>
/// The two engines agree on the pattern syntax these files use, but not on characters outside the Basic
/// Multilingual Plane: .NET sees an emoji or a supplementary letter as two surrogates of category Cs, so
/// <c>[^\r\n\p{L}\p{N}]?\p{L}+</c> (Llama-3) splits "😀abc" differently and <c>\p{L}</c> misses "𝐀".
/// Hand-written fix, since no library here runs Oniguruma: when the text has surrogate pairs the regex runs on
/// a shadow string where each supplementary character is replaced by one BMP character of the same Unicode
/// general category (chosen so it appears in no literal of the pattern), and match positions are mapped back.
/// </remarks>
internal sealed class CodePointRegex
{
    readonly Regex _regex;
    readonly Dictionary<UnicodeCategory, char> _standIns;

    public string Pattern { get; }

    /// <summary>
    /// Bounds one match: a hostile tokenizer.json can hold a pattern that backtracks for ever ("(a+)+$"); real
    /// pre-tokenizer patterns match in microseconds.
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(10);

    /// <exception cref="ArgumentException">.NET cannot compile the pattern.</exception>
    public CodePointRegex(string pattern)
    {
        Pattern = pattern;
        _regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout);
        _standIns = ChooseStandIns(pattern);
    }

    /// <summary>
    /// The compiled regex for <paramref name="pattern"/>, shared: compiling costs milliseconds, and tokenizers
    /// (or one tokenizer's pre-tokenizer, normalizer and decoder) repeat the same patterns. Bounded, so a stream of
    /// hostile files with distinct patterns cannot grow it without limit.
    /// </summary>
    public static CodePointRegex Shared(string pattern)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(pattern, out var hit)) return hit;
            var created = new CodePointRegex(pattern);
            if (Cache.Count >= 64) Cache.Clear();
            Cache[pattern] = created;
            return created;
        }
    }

    static readonly Dictionary<string, CodePointRegex> Cache = new(StringComparer.Ordinal);

    /// <summary>Non-overlapping matches, left to right, as [start, end) in <paramref name="text"/>.</summary>
    public List<(int Start, int End)> Matches(string text)
    {
        try { return MatchesCore(text); }
        catch (RegexMatchTimeoutException)
        {
            throw new LetheException($"tokenizer regex \"{LetheException.Clip(Pattern)}\" ran over {MatchTimeout.TotalSeconds:F0} s on a {text.Length}-character text (a pattern that backtracks without end?)");
        }
    }

    List<(int Start, int End)> MatchesCore(string text)
    {
        var result = new List<(int, int)>();
        if (!HasSurrogatePair(text))
        {
            foreach (var m in _regex.EnumerateMatches(text)) result.Add((m.Index, m.Index + m.Length));
            return result;
        }
        var shadow = new StringBuilder(text.Length);
        var toOriginal = new List<int>(text.Length + 1);
        for (int i = 0; i < text.Length;)
        {
            toOriginal.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                int cp = char.ConvertToUtf32(text[i], text[i + 1]);
                shadow.Append(_standIns[CharUnicodeInfo.GetUnicodeCategory(cp)]);
                i += 2;
            }
            else shadow.Append(text[i++]);
        }
        toOriginal.Add(text.Length);
        foreach (var m in _regex.EnumerateMatches(shadow.ToString()))
            result.Add((toOriginal[m.Index], toOriginal[m.Index + m.Length]));
        return result;
    }

    static bool HasSurrogatePair(string s)
    {
        for (int i = 0; i + 1 < s.Length; i++)
            if (char.IsHighSurrogate(s[i]) && char.IsLowSurrogate(s[i + 1])) return true;
        return false;
    }

    /// <summary>For every general category, a BMP character of that category that no literal in the pattern can match.</summary>
    static Dictionary<UnicodeCategory, char> ChooseStandIns(string pattern)
    {
        var inPattern = new HashSet<char>();
        foreach (char c in pattern)
        {
            inPattern.Add(c);
            inPattern.Add(char.ToLowerInvariant(c));
            inPattern.Add(char.ToUpperInvariant(c));
        }
        var chosen = new Dictionary<UnicodeCategory, char>();
        for (int c = 0xA1; c < 0xFFFE; c++)
        {
            char ch = (char)c;
            if (char.IsSurrogate(ch) || char.IsWhiteSpace(ch) || inPattern.Contains(ch)) continue;
            var cat = CharUnicodeInfo.GetUnicodeCategory(ch);
            chosen.TryAdd(cat, ch);
        }
        // Categories with no usable BMP character (none in practice) fall back to a private-use character.
        foreach (UnicodeCategory cat in Enum.GetValues<UnicodeCategory>())
            chosen.TryAdd(cat, '\uE000');
        return chosen;
    }
}
