using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Lethe.Tokenization;

/// <summary>
/// The BPE "model" of tokenizer.json: vocabulary, ranked merges, and the options byte-level (GPT-2, Llama-3,
/// Qwen2) and SentencePiece-style (Llama-2: byte_fallback, unk) files use.
/// </summary>
/// <remarks>
/// Hand-written rather than Microsoft.ML.Tokenizers' BpeTokenizer: that class (2.0.1) has no
/// <c>byte_fallback</c> (needed for Llama-2/TinyLlama) and no <c>ignore_merges</c> (set by Llama-3), so it
/// cannot encode those files as Hugging Face does; and one merge loop here serves both model kinds. The merge
/// order is Hugging Face's: repeatedly the pair with the lowest merge rank, leftmost first.
/// </remarks>
internal sealed class BpeModel
{
    /// <summary>Largest token id accepted from a file; far above any real vocabulary.</summary>
    public const int MaxId = (1 << 24) - 1;

    // Hugging Face caches 10 000 words; more keeps a few-MB corpus of Zipf-distributed words fast to encode.
    const int CacheCapacity = 100_000;
    const int CacheMaxWordLength = 256;

    readonly Dictionary<string, int> _vocab;
    readonly Dictionary<int, string> _idToToken;
    readonly Dictionary<long, (int Rank, int NewId)> _merges;
    readonly int[]? _byteIds;
    readonly int? _unkId;
    readonly bool _fuseUnk, _ignoreMerges;
    readonly string? _prefix, _suffix;
    readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    int _cacheCount;   // ConcurrentDictionary.Count takes every lock: too slow to ask per word

    public int Count => _vocab.Count;
    public int MaxTokenId { get; }
    public string? UnkToken { get; }

    BpeModel(Dictionary<string, int> vocab, Dictionary<long, (int, int)> merges, string? unk, int? unkId, bool byteFallback,
        bool fuseUnk, bool ignoreMerges, string? prefix, string? suffix)
    {
        _vocab = vocab;
        _idToToken = new Dictionary<int, string>(vocab.Count);
        foreach (var (token, id) in vocab) _idToToken[id] = token;
        MaxTokenId = vocab.Count == 0 ? -1 : _idToToken.Keys.Max();
        _merges = merges;
        UnkToken = unk;
        _unkId = unkId;
        _fuseUnk = fuseUnk;
        _ignoreMerges = ignoreMerges;
        _prefix = prefix;
        _suffix = suffix;
        if (byteFallback)
        {
            _byteIds = new int[256];
            for (int b = 0; b < 256; b++) _byteIds[b] = vocab.TryGetValue($"<0x{b:X2}>", out int id) ? id : -1;
        }
    }

    public int? TokenToId(string token) => _vocab.TryGetValue(token, out int id) ? id : null;

    public string? IdToToken(int id) => _idToToken.GetValueOrDefault(id);

    public static BpeModel Parse(HfJson json, JsonElement model, string path)
    {
        string type = json.OptionalString(model, "type", path) ?? "BPE";
        if (type != "BPE")
            throw json.Error(HfJson.Join(path, "type"), $"model \"{type}\" is not supported (only BPE)");
        var dropout = HfJson.Get(model, "dropout");
        if (dropout is { ValueKind: JsonValueKind.Number } d && d.GetDouble() != 0)
            throw json.Error(HfJson.Join(path, "dropout"), "BPE dropout randomizes encoding and is not supported; set it to null");

        var vocabJson = json.RequireObject(model, "vocab", path);
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenIds = new Dictionary<int, string>();
        foreach (var prop in vocabJson.EnumerateObject())
        {
            int id = json.RequireInt(prop.Value, $"{path}.vocab[\"{prop.Name}\"]", 0, MaxId);
            if (seenIds.TryGetValue(id, out var other))
                throw json.Error($"{path}.vocab", $"tokens \"{other}\" and \"{prop.Name}\" both have id {id}");
            if (!vocab.TryAdd(prop.Name, id))
                throw json.Error($"{path}.vocab", $"token \"{prop.Name}\" appears twice");
            seenIds[id] = prop.Name;
        }

        string? prefix = NonEmpty(json.OptionalString(model, "continuing_subword_prefix", path));
        string? suffix = NonEmpty(json.OptionalString(model, "end_of_word_suffix", path));
        var mergesJson = json.RequireArray(model, "merges", path);
        var merges = new Dictionary<long, (int, int)>(mergesJson.GetArrayLength());
        int rank = 0;
        foreach (var m in mergesJson.EnumerateArray())
        {
            string mpath = $"{path}.merges[{rank}]";
            string a, b;
            if (m.ValueKind == JsonValueKind.String)
            {
                string line = m.GetString()!;
                var parts = line.Split(' ');
                if (parts.Length != 2) throw json.Error(mpath, $"\"{line}\" is not two tokens separated by one space");
                (a, b) = (parts[0], parts[1]);
            }
            else if (m.ValueKind == JsonValueKind.Array && m.GetArrayLength() == 2
                     && m[0].ValueKind == JsonValueKind.String && m[1].ValueKind == JsonValueKind.String)
                (a, b) = (m[0].GetString()!, m[1].GetString()!);
            else throw json.Error(mpath, "must be \"left right\" or [\"left\", \"right\"]");

            if (!vocab.TryGetValue(a, out int aId)) throw json.Error(mpath, $"token \"{a}\" is not in {path}.vocab");
            if (!vocab.TryGetValue(b, out int bId)) throw json.Error(mpath, $"token \"{b}\" is not in {path}.vocab");
            if (prefix is not null && !b.StartsWith(prefix, StringComparison.Ordinal))
                throw json.Error(mpath, $"token \"{b}\" does not start with continuing_subword_prefix \"{prefix}\"");
            string merged = a + b[(prefix?.Length ?? 0)..];
            if (!vocab.TryGetValue(merged, out int newId)) throw json.Error(mpath, $"merged token \"{merged}\" is not in {path}.vocab");
            // As in Hugging Face, a repeated pair keeps its last rank.
            merges[Key(aId, bId)] = (rank, newId);
            rank++;
        }

        string? unk = json.OptionalString(model, "unk_token", path);
        int? unkId = null;
        if (unk is not null)
        {
            if (!vocab.TryGetValue(unk, out int u)) throw json.Error(HfJson.Join(path, "unk_token"), $"\"{unk}\" is not in {path}.vocab");
            unkId = u;
        }
        return new BpeModel(vocab, merges, unk, unkId,
            json.OptionalBool(model, "byte_fallback", path, false),
            json.OptionalBool(model, "fuse_unk", path, false),
            json.OptionalBool(model, "ignore_merges", path, false),
            prefix, suffix);
    }

    static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    /// <summary>Appends the ids of one pre-tokenized word.</summary>
    public void Tokenize(string word, List<int> output)
    {
        if (word.Length == 0) return;
        if (_ignoreMerges && _vocab.TryGetValue(word, out int whole))
        {
            output.Add(whole);
            return;
        }
        if (_cache.TryGetValue(word, out var cached))
        {
            output.AddRange(cached);
            return;
        }
        var ids = MergeWord(word);
        if (word.Length < CacheMaxWordLength && Volatile.Read(ref _cacheCount) < CacheCapacity && _cache.TryAdd(word, ids))
            Interlocked.Increment(ref _cacheCount);
        output.AddRange(ids);
    }

    int[] MergeWord(string word)
    {
        // Initial symbols: one per code point (with prefix/suffix decoration), else its byte tokens, else unk.
        var symbols = new List<int>(word.Length);
        int? pendingUnk = null;
        for (int i = 0; i < word.Length;)
        {
            int width = char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]) ? 2 : 1;
            string s = word.Substring(i, width);
            bool isFirst = i == 0;
            i += width;
            if (!isFirst && _prefix is not null) s = _prefix + s;
            if (i >= word.Length && _suffix is not null) s += _suffix;

            if (_vocab.TryGetValue(s, out int id))
            {
                if (pendingUnk is int u) { symbols.Add(u); pendingUnk = null; }
                symbols.Add(id);
                continue;
            }
            if (_byteIds is not null && TryBytes(s, symbols)) continue;
            if (_unkId is int unk)
            {
                if (pendingUnk is int previous && !_fuseUnk) symbols.Add(previous);
                pendingUnk = unk;
            }
            // Without an unk token Hugging Face drops the character.
        }
        if (pendingUnk is int last) symbols.Add(last);
        return MergeAll(symbols);
    }

    bool TryBytes(string s, List<int> symbols)
    {
        Span<byte> buf = stackalloc byte[Encoding.UTF8.GetMaxByteCount(s.Length)];
        int n = Encoding.UTF8.GetBytes(s, buf);
        for (int k = 0; k < n; k++) if (_byteIds![buf[k]] < 0) return false;
        for (int k = 0; k < n; k++) symbols.Add(_byteIds![buf[k]]);
        return true;
    }

    int[] MergeAll(List<int> initial)
    {
        int n = initial.Count;
        if (n < 2) return [.. initial];
        var c = initial.ToArray();
        var prev = new int[n];
        var next = new int[n];
        var alive = new bool[n];
        for (int i = 0; i < n; i++) { prev[i] = i - 1; next[i] = i + 1 < n ? i + 1 : -1; alive[i] = true; }

        // Min-heap on (rank, position): Hugging Face's order.
        var queue = new PriorityQueue<(int Pos, int NewId), long>();
        for (int i = 0; i + 1 < n; i++)
            if (_merges.TryGetValue(Key(c[i], c[i + 1]), out var m)) queue.Enqueue((i, m.NewId), Priority(m.Rank, i));

        while (queue.TryDequeue(out var top, out _))
        {
            int pos = top.Pos;
            if (!alive[pos] || next[pos] < 0) continue;
            int right = next[pos];
            // Skip entries made stale by an earlier merge at this position.
            if (!_merges.TryGetValue(Key(c[pos], c[right]), out var cur) || cur.NewId != top.NewId) continue;

            c[pos] = top.NewId;
            alive[right] = false;
            next[pos] = next[right];
            if (next[pos] >= 0) prev[next[pos]] = pos;

            if (prev[pos] >= 0 && _merges.TryGetValue(Key(c[prev[pos]], c[pos]), out var left))
                queue.Enqueue((prev[pos], left.NewId), Priority(left.Rank, prev[pos]));
            if (next[pos] >= 0 && _merges.TryGetValue(Key(c[pos], c[next[pos]]), out var rightMerge))
                queue.Enqueue((pos, rightMerge.NewId), Priority(rightMerge.Rank, pos));
        }
        var result = new List<int>(n);
        for (int i = 0; i >= 0 && i < n; i = next[i]) result.Add(c[i]);
        return [.. result];
    }

    static long Priority(int rank, int pos) => ((long)rank << 32) | (uint)pos;
}
