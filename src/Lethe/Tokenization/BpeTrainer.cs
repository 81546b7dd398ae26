using System.Text.RegularExpressions;

namespace Lethe.Tokenization;

/// <summary>
/// Learns a GPT-2-style byte-level BPE vocabulary from a text corpus. Hand-written: no .NET package here
/// trains BPE (Microsoft.ML.Tokenizers only encodes).
/// </summary>
/// <remarks>
/// The corpus is cut on the special tokens, pre-tokenized with GPT-2's regex and mapped to byte-level
/// characters exactly as <see cref="HfTokenizer"/> does when encoding; the distinct words are counted. The
/// vocabulary starts as the special tokens then all 256 bytes; each step merges the most frequent adjacent
/// pair (ties: the pair with the smaller left id, then the smaller right id — so training is deterministic).
/// Pair counts are updated incrementally from the words that contain the merged pair, and a max-heap with
/// lazily refreshed entries picks the next pair, so a step costs only the words it touches.
/// </remarks>
public static class BpeTrainer
{
    /// <summary>Upper bound on <see cref="BpeTrainerOptions.VocabSize"/>.</summary>
    public const int MaxVocabSize = 1 << 20;

    public static TrainedBpe Train(IEnumerable<string> texts, BpeTrainerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        Validate(options);
        var words = CountWords(texts, options.SpecialTokens, cancellationToken);

        var tokens = new List<string>(options.VocabSize);
        var tokenIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in options.SpecialTokens) { tokenIds[s] = tokens.Count; tokens.Add(s); }
        var byteId = new int[256];
        for (int b = 0; b < 256; b++)
        {
            string ch = ByteLevelAlphabet.Char((byte)b).ToString();
            if (!tokenIds.TryGetValue(ch, out byteId[b])) { byteId[b] = tokens.Count; tokenIds[ch] = tokens.Count; tokens.Add(ch); }
        }

        // Words as symbol-id arrays (shrinking in place as merges apply), ordered for reproducibility.
        var wordList = words.OrderBy(w => w.Key, StringComparer.Ordinal).ToArray();
        int nWords = wordList.Length;
        var syms = new int[nWords][];
        var lens = new int[nWords];
        var counts = new long[nWords];
        for (int w = 0; w < nWords; w++)
        {
            string word = wordList[w].Key;
            var s = new int[word.Length];
            for (int i = 0; i < word.Length; i++)
            {
                ByteLevelAlphabet.TryGetByte(word[i], out byte b);
                s[i] = byteId[b];
            }
            syms[w] = s;
            lens[w] = s.Length;
            counts[w] = wordList[w].Value;
        }

        var pairCounts = new Dictionary<long, long>();
        var where = new Dictionary<long, HashSet<int>>();
        for (int w = 0; w < nWords; w++)
        {
            var s = syms[w];
            for (int i = 0; i + 1 < lens[w]; i++)
            {
                long key = Key(s[i], s[i + 1]);
                pairCounts[key] = pairCounts.GetValueOrDefault(key) + counts[w];
                if (!where.TryGetValue(key, out var set)) where[key] = set = [];
                set.Add(w);
            }
        }
        var heap = new PriorityQueue<long, (long Count, long Key)>(PairOrder.Instance);
        foreach (var (key, c) in pairCounts) heap.Enqueue(key, (c, key));

        var merges = new List<(string, string)>();
        var touched = new HashSet<long>();
        while (tokens.Count < options.VocabSize && heap.TryDequeue(out long top, out var entry))
        {
            cancellationToken.ThrowIfCancellationRequested();
            long current = pairCounts.GetValueOrDefault(top);
            if (current != entry.Count)
            {
                if (current > 0) heap.Enqueue(top, (current, top));   // stale entry: requeue at its true count
                continue;
            }
            if (current < options.MinFrequency) break;

            int a = (int)(top >> 32), b = (int)(top & 0xFFFFFFFF);
            string merged = tokens[a] + tokens[b];
            if (!tokenIds.TryGetValue(merged, out int c))
            {
                c = tokens.Count;
                tokenIds[merged] = c;
                tokens.Add(merged);
            }
            merges.Add((tokens[a], tokens[b]));

            touched.Clear();
            foreach (int w in where[top])
                MergeInWord(syms[w], ref lens[w], a, b, c, counts[w], w, pairCounts, where, touched);
            pairCounts.Remove(top);
            where.Remove(top);
            foreach (long key in touched)
                if (pairCounts.TryGetValue(key, out long n) && n > 0) heap.Enqueue(key, (n, key));
        }
        return new TrainedBpe(tokens, merges, options, words.Count);
    }

    /// <summary>
    /// Replaces every non-overlapping (a, b) in one word by c, left to right (the order encoding uses), and
    /// applies the change of each neighbouring pair, weighted by the word's count.
    /// </summary>
    static void MergeInWord(int[] s, ref int len, int a, int b, int c, long count, int w,
        Dictionary<long, long> pairCounts, Dictionary<long, HashSet<int>> where, HashSet<long> touched)
    {
        void Change(int x, int y, long delta)
        {
            long key = Key(x, y);
            long n = pairCounts.GetValueOrDefault(key) + delta;
            if (n <= 0) pairCounts.Remove(key); else pairCounts[key] = n;
            if (delta > 0)
            {
                if (!where.TryGetValue(key, out var set)) where[key] = set = [];
                set.Add(w);
                touched.Add(key);
            }
        }

        int r = 0, wr = 0;
        while (r < len)
        {
            if (r + 1 < len && s[r] == a && s[r + 1] == b)
            {
                if (wr > 0) { Change(s[wr - 1], a, -count); Change(s[wr - 1], c, count); }
                if (r + 2 < len) { Change(b, s[r + 2], -count); Change(c, s[r + 2], count); }
                s[wr++] = c;
                r += 2;
            }
            else s[wr++] = s[r++];
        }
        len = wr;
    }

    static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    /// <summary>Highest count first; among equal counts the smaller (left id, right id).</summary>
    sealed class PairOrder : IComparer<(long Count, long Key)>
    {
        public static readonly PairOrder Instance = new();
        public int Compare((long Count, long Key) x, (long Count, long Key) y)
            => x.Count != y.Count ? y.Count.CompareTo(x.Count) : x.Key.CompareTo(y.Key);
    }

    static Dictionary<string, int> CountWords(IEnumerable<string> texts, IReadOnlyList<string> specials, CancellationToken ct)
    {
        // Special tokens in the corpus are separators, never material for merges. Longest first, so the
        // alternation finds the longest token at each place.
        Regex? specialRegex = specials.Count == 0 ? null : new Regex(
            string.Join("|", specials.OrderByDescending(s => s.Length).ThenBy(s => s, StringComparer.Ordinal).Select(Regex.Escape)),
            RegexOptions.CultureInvariant);
        var pre = new ByteLevelPreTokenizer(addPrefixSpace: false, useRegex: true);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var pieces = new List<TextPiece>();
        void Add(string chunk)
        {
            if (chunk.Length == 0) return;
            pieces.Clear();
            pieces.Add(new TextPiece(chunk, false));
            pre.Apply(pieces);
            foreach (var p in pieces)
            {
                ref int slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, p.Text, out _);
                if (slot < int.MaxValue) slot++;
            }
        }
        foreach (var text in texts)
        {
            ct.ThrowIfCancellationRequested();
            if (text is null) continue;
            if (specialRegex is null) { Add(text); continue; }
            int prev = 0;
            foreach (var m in specialRegex.EnumerateMatches(text))
            {
                Add(text[prev..m.Index]);
                prev = m.Index + m.Length;
            }
            Add(text[prev..]);
        }
        return counts;
    }

    static void Validate(BpeTrainerOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var specials = o.SpecialTokens ?? throw new LetheException("BPE training: the special-token list is null");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in specials)
        {
            if (string.IsNullOrEmpty(s)) throw new LetheException("BPE training: a special token is empty");
            if (!seen.Add(s)) throw new LetheException($"BPE training: special token \"{s}\" is listed twice");
            if (CodePoints.HasLoneSurrogate(s)) throw new LetheException($"BPE training: special token \"{s}\" is not valid Unicode (lone surrogate)");
            if (s.Length == 1 && ByteLevelAlphabet.TryGetByte(s[0], out _))
                throw new LetheException($"BPE training: special token \"{s}\" is a single byte character, which the byte alphabet needs");
        }
        int floor = specials.Count + 256;
        if (o.VocabSize < floor || o.VocabSize > MaxVocabSize)
            throw new LetheException($"BPE training: vocabulary size {o.VocabSize} must be in [{floor}, {MaxVocabSize}] ({specials.Count} special tokens + 256 bytes at least)");
        if (o.MinFrequency < 1) throw new LetheException($"BPE training: minimum frequency {o.MinFrequency} must be at least 1");
        if (o.ModelMaxLength < 1) throw new LetheException($"BPE training: model_max_length {o.ModelMaxLength} must be positive");
        foreach (var (name, value) in new[] { ("bos", o.BosToken), ("eos", o.EosToken), ("pad", o.PadToken) })
            if (value is not null && !seen.Contains(value))
                throw new LetheException($"BPE training: {name} token \"{value}\" is not one of the special tokens ({string.Join(", ", specials)})");
        if (o.ChatTemplate is not null && CodePoints.HasLoneSurrogate(o.ChatTemplate))
            throw new LetheException("BPE training: the chat template is not valid Unicode (lone surrogate)");
        if (o.AddBosToken && o.BosToken is null) throw new LetheException("BPE training: AddBosToken needs a BOS token");
    }
}
