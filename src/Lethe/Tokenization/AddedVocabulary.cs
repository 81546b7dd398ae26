using System.Globalization;

namespace Lethe.Tokenization;

/// <summary>One entry of tokenizer.json's "added_tokens" (or a special token declared by tokenizer_config.json).</summary>
internal sealed record AddedToken(string Content, bool Special, bool Normalized, bool Lstrip = false, bool Rstrip = false, bool SingleWord = false)
{
    public int Id { get; set; }
}

/// <summary>
/// Added tokens are cut out of the text before the model runs, so "&lt;|eot_id|&gt;" written in a prompt becomes
/// its one id. As in Hugging Face: tokens with <c>normalized: false</c> (special tokens) are found in the raw
/// text first; tokens with <c>normalized: true</c> are then found in each normalized stretch, matched in their
/// own normalized form. Among tokens starting at the same place the longest wins (leftmost-longest).
/// </summary>
internal sealed class AddedVocabulary
{
    readonly Dictionary<string, AddedToken> _byContent = new(StringComparer.Ordinal);
    readonly Dictionary<int, AddedToken> _byId = [];
    Matcher _raw = new([]);
    Matcher _normalized = new([]);
    int _maxId = -1;

    public IEnumerable<AddedToken> Tokens => _byId.Values;

    public bool IsEmpty => _byId.Count == 0;

    public AddedToken? ByContent(string content) => _byContent.GetValueOrDefault(content);

    public AddedToken? ById(int id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// Adds tokens the way Hugging Face's <c>add_tokens</c> does: a token already in the model vocabulary keeps
    /// that id; others get ids after the larger of the model's size and the largest added id so far.
    /// </summary>
    public void Add(IEnumerable<AddedToken> tokens, BpeModel model)
    {
        foreach (var t in tokens)
        {
            if (t.Content.Length == 0 || _byContent.ContainsKey(t.Content)) continue;
            int id;
            if (model.TokenToId(t.Content) is int existing) id = existing;
            else
            {
                int next = Math.Max(_maxId + 1, model.Count);
                if (next > BpeModel.MaxId) throw new LetheException($"too many added tokens: id {next} would exceed {BpeModel.MaxId}");
                id = next;
            }
            if (_byId.TryGetValue(id, out var clash)) _byContent.Remove(clash.Content);
            t.Id = id;
            _maxId = Math.Max(_maxId, id);
            _byContent[t.Content] = t;
            _byId[id] = t;
        }
    }

    /// <summary>Builds the matchers; <paramref name="normalizer"/> rewrites the normalized tokens' own text.</summary>
    public void Freeze(TextNormalizer? normalizer)
    {
        _raw = new Matcher(_byId.Values.Where(t => !t.Normalized).Select(t => (t.Content, t)));
        _normalized = new Matcher(_byId.Values.Where(t => t.Normalized)
            .Select(t => (normalizer is null ? t.Content : normalizer.Normalize(t.Content), t)));
    }

    /// <summary>Splits raw text on the non-normalized tokens.</summary>
    public void SplitRaw(string text, List<Segment> output) => Split(text, atStart: true, _raw, output);

    /// <summary>Splits one normalized stretch on the normalized tokens.</summary>
    public void SplitNormalized(string text, bool atStart, List<Segment> output) => Split(text, atStart, _normalized, output);

    static void Split(string text, bool atStart, Matcher matcher, List<Segment> output)
    {
        if (matcher.IsEmpty || text.Length == 0)
        {
            output.Add(new Segment(text, null, atStart));
            return;
        }
        int offset = 0;
        foreach (var (matchStart, matchEnd, token) in matcher.FindAll(text))
        {
            int start = matchStart, end = matchEnd;
            if (token.SingleWord)
            {
                bool wordBefore = start > 0 && IsWordChar(text, start - 1, before: true);
                bool wordAfter = end < text.Length && IsWordChar(text, end, before: false);
                if (wordBefore || wordAfter) continue;
            }
            if (token.Lstrip)
            {
                int s = start;
                while (s > 0 && char.IsWhiteSpace(text[s - 1])) s--;
                start = Math.Max(s, offset);
            }
            if (token.Rstrip)
            {
                while (end < text.Length && char.IsWhiteSpace(text[end])) end++;
            }
            if (offset < start) output.Add(new Segment(text[offset..start], null, atStart && offset == 0));
            output.Add(new Segment(text[start..end], token.Id, atStart && start == 0));
            offset = end;
        }
        if (offset < text.Length) output.Add(new Segment(text[offset..], null, atStart && offset == 0));
    }

    // Rust regex \w: letters, marks, decimal digits, connector punctuation.
    static bool IsWordChar(string text, int index, bool before)
    {
        int cp = before && index > 0 && char.IsLowSurrogate(text[index]) && char.IsHighSurrogate(text[index - 1])
            ? char.ConvertToUtf32(text[index - 1], text[index])
            : CodePoints.At(text, index);
        return CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation;
    }

    /// <summary>Leftmost-longest, non-overlapping search for a small set of literal strings.</summary>
    sealed class Matcher
    {
        readonly Dictionary<char, (string Pattern, AddedToken Token)[]> _byFirstChar;

        public Matcher(IEnumerable<(string Pattern, AddedToken Token)> patterns)
        {
            _byFirstChar = patterns.Where(p => p.Pattern.Length > 0)
                .GroupBy(p => p.Pattern[0])
                .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Pattern.Length).ThenBy(p => p.Pattern, StringComparer.Ordinal).ToArray());
        }

        public bool IsEmpty => _byFirstChar.Count == 0;

        public IEnumerable<(int Start, int End, AddedToken Token)> FindAll(string text)
        {
            for (int i = 0; i < text.Length;)
            {
                if (_byFirstChar.TryGetValue(text[i], out var candidates))
                {
                    bool found = false;
                    foreach (var (pattern, token) in candidates)
                    {
                        if (text.AsSpan(i).StartsWith(pattern, StringComparison.Ordinal))
                        {
                            yield return (i, i + pattern.Length, token);
                            i += pattern.Length;
                            found = true;
                            break;
                        }
                    }
                    if (found) continue;
                }
                i++;
            }
        }
    }
}

/// <summary>A stretch of input: plain text still to encode, or an added token already found (<see cref="TokenId"/>).</summary>
internal readonly record struct Segment(string Text, int? TokenId, bool AtStart);
