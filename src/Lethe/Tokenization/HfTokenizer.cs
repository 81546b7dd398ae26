using System.Text;
using System.Text.Json;

namespace Lethe.Tokenization;

/// <summary>
/// A Hugging Face "fast" tokenizer folder (tokenizer.json + tokenizer_config.json, optionally
/// special_tokens_map.json and chat_template.jinja) with a BPE model: byte-level (GPT-2, Llama-3, Qwen2,
/// Phi) or SentencePiece-style with byte fallback (Llama-2, TinyLlama). Encodes as the Hugging Face
/// tokenizers library does for one sequence (no truncation or padding); thread-safe.
/// </summary>
public sealed class HfTokenizer : ITokenizer
{
    /// <summary>tokenizer.json files larger than this are refused (real ones are under 40 MB).</summary>
    public const long MaxTokenizerJsonBytes = 256L << 20;

    readonly BpeModel _model;
    readonly TextNormalizer? _normalizer;
    readonly PreTokenizer? _preTokenizer;
    readonly TokenDecoder? _decoder;
    readonly AddedVocabulary _added;
    readonly int[] _prefix, _suffix;

    HfTokenizer(BpeModel model, TextNormalizer? normalizer, PreTokenizer? preTokenizer, TokenDecoder? decoder,
        AddedVocabulary added, int[] prefix, int[] suffix)
    {
        _model = model;
        _normalizer = normalizer;
        _preTokenizer = preTokenizer;
        _decoder = decoder;
        _added = added;
        _prefix = prefix;
        _suffix = suffix;
        int maxAdded = added.IsEmpty ? -1 : added.Tokens.Max(t => t.Id);
        VocabSize = Math.Max(model.MaxTokenId, maxAdded) + 1;
    }

    /// <summary>One more than the largest id of the vocabulary and the added tokens: the rows an embedding needs.</summary>
    public int VocabSize { get; }
    public int? BosId { get; private init; }
    public int? EosId { get; private init; }
    public int? PadId { get; private init; }
    public int? UnkId { get; private init; }
    public string? BosToken { get; private init; }
    public string? EosToken { get; private init; }
    public string? PadToken { get; private init; }
    public string? UnkToken { get; private init; }

    /// <summary>tokenizer_config.json's model_max_length; null when absent or "unlimited" (1e30).</summary>
    public int? ModelMaxLength { get; private init; }

    /// <summary>chat_template.jinja, else tokenizer_config.json's chat_template (the "default" one of a named list).</summary>
    public string? ChatTemplate { get; private init; }

    /// <summary>All named chat templates (a single template is named "default").</summary>
    public IReadOnlyDictionary<string, string> ChatTemplates { get; private init; } = new Dictionary<string, string>();

    /// <summary>Ids <see cref="Encode"/> puts before the text when adding special tokens (e.g. BOS).</summary>
    public IReadOnlyList<int> SpecialPrefixIds => _prefix;

    /// <summary>Ids <see cref="Encode"/> puts after the text when adding special tokens (e.g. EOS for Llama with add_eos_token).</summary>
    public IReadOnlyList<int> SpecialSuffixIds => _suffix;

    /// <summary>Loads a tokenizer folder. Malformed or unsupported files give a <see cref="LetheException"/> naming file and field.</summary>
    public static HfTokenizer Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new LetheException($"{directory}: tokenizer folder not found");
        string path = Path.Combine(directory, "tokenizer.json");
        if (!File.Exists(path))
            throw new LetheException($"{path}: file not found (a Hugging Face tokenizer folder needs tokenizer.json; slow-tokenizer files such as tokenizer.model or vocab.json + merges.txt alone are not supported)");
        using var doc = HfJson.ParseFile(path, MaxTokenizerJsonBytes);
        var json = new HfJson(path);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw json.Error("(root)", $"must be an object, not {HfJson.Kind(root)}");
        if (json.OptionalString(root, "version", "") is string version && version != "1.0")
            throw json.Error("version", $"\"{version}\" is not a tokenizer.json version this reader knows (1.0)");

        var model = BpeModel.Parse(json, json.RequireObject(root, "model", ""), "model");
        var normalizer = TextNormalizer.Parse(json, HfJson.Get(root, "normalizer"), "normalizer");
        var preTokenizer = PreTokenizer.Parse(json, HfJson.Get(root, "pre_tokenizer"), "pre_tokenizer");
        var decoder = TokenDecoder.Parse(json, HfJson.Get(root, "decoder"), "decoder");
        var post = PostProcessor.Parse(json, HfJson.Get(root, "post_processor"), "post_processor");

        var added = new AddedVocabulary();
        added.Add(ReadAddedTokens(json, root), model);

        var config = TokenizerConfig.Load(directory);
        // transformers adds what tokenizer_config.json declares on top of tokenizer.json.
        added.Add(config.AddedTokensDecoder.OrderBy(t => t.Id).Select(t => t.Token), model);
        added.Add(new[] { config.Bos, config.Eos, config.Unk, config.Pad }.OfType<AddedToken>().Concat(config.AdditionalSpecial), model);
        added.Freeze(normalizer);

        int? IdOf(string? token) => token is null ? null : added.ByContent(token)?.Id ?? model.TokenToId(token);
        // Named by the config, else implied by the post-processor, else the tokenizer class's default if the vocabulary has it.
        var defaults = config.ClassDefaults();
        string? Known(string? token) => IdOf(token) is null ? null : token;
        string? bos = config.Bos?.Content ?? post.PrefixToken ?? Known(defaults.Bos);
        string? eos = config.Eos?.Content ?? post.SuffixToken ?? Known(defaults.Eos);
        string? unk = config.Unk?.Content ?? model.UnkToken ?? Known(defaults.Unk);
        string? pad = config.Pad?.Content;

        string configPath = Path.Combine(directory, "tokenizer_config.json");
        int[] prefix = post.Prefix, suffix = post.Suffix;
        // As transformers' LlamaTokenizerFast does, explicit add_bos_token / add_eos_token replace what the post-processor adds.
        if (config.AddBosToken is bool addBos)
            prefix = !addBos ? [] : IdOf(bos) is int b ? [b]
                : throw new LetheException($"{configPath}: add_bos_token is true but there is no bos_token in the vocabulary");
        if (config.AddEosToken is bool addEos)
            suffix = !addEos ? [] : IdOf(eos) is int e ? [e]
                : throw new LetheException($"{configPath}: add_eos_token is true but there is no eos_token in the vocabulary");

        return new HfTokenizer(model, normalizer, preTokenizer, decoder, added, prefix, suffix)
        {
            BosToken = bos, BosId = IdOf(bos),
            EosToken = eos, EosId = IdOf(eos),
            PadToken = pad, PadId = IdOf(pad),
            UnkToken = unk, UnkId = IdOf(unk),
            ModelMaxLength = config.ModelMaxLength,
            ChatTemplate = config.ChatTemplate,
            ChatTemplates = config.ChatTemplates,
        };
    }

    static List<AddedToken> ReadAddedTokens(HfJson json, JsonElement root)
    {
        var list = new List<AddedToken>();
        if (HfJson.Get(root, "added_tokens") is not JsonElement arr) return list;
        if (arr.ValueKind != JsonValueKind.Array) throw json.Error("added_tokens", $"must be an array, not {HfJson.Kind(arr)}");
        int i = 0;
        foreach (var t in arr.EnumerateArray())
        {
            string p = $"added_tokens[{i++}]";
            if (t.ValueKind != JsonValueKind.Object) throw json.Error(p, "must be an object");
            string content = json.RequireString(t, "content", p);
            if (content.Length == 0) throw json.Error(p + ".content", "must not be empty");
            // The file's "id" is informational: Hugging Face assigns ids itself (vocabulary id, else the next free one).
            json.OptionalInt(t, "id", p, 0, BpeModel.MaxId);
            bool special = json.OptionalBool(t, "special", p, false);
            list.Add(new AddedToken(content, special,
                Normalized: json.OptionalBool(t, "normalized", p, !special),
                Lstrip: json.OptionalBool(t, "lstrip", p, false),
                Rstrip: json.OptionalBool(t, "rstrip", p, false),
                SingleWord: json.OptionalBool(t, "single_word", p, false)));
        }
        return list;
    }

    /// <inheritdoc/>
    public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = ReplaceLoneSurrogates(text);
        var ids = new List<int>(text.Length / 3 + 4);
        var raw = new List<Segment>();
        _added.SplitRaw(text, raw);
        var segments = new List<Segment>();
        foreach (var seg in raw)
        {
            if (seg.TokenId is not null) { segments.Add(seg); continue; }
            string normalized = _normalizer?.Normalize(seg.Text) ?? seg.Text;
            _added.SplitNormalized(normalized, seg.AtStart, segments);
        }
        var pieces = new List<TextPiece>();
        foreach (var seg in segments)
        {
            if (seg.TokenId is int id) { ids.Add(id); continue; }
            pieces.Clear();
            pieces.Add(new TextPiece(seg.Text, seg.AtStart));
            _preTokenizer.ApplyOrKeep(pieces);
            foreach (var p in pieces) _model.Tokenize(p.Text, ids);
        }
        if (!addSpecialTokens) return ids;
        // Never a second BOS: text that already starts with the prefix (e.g. "<s>...") keeps just that one.
        bool hasPrefix = _prefix.Length > 0 && ids.Count >= _prefix.Length && ids.Take(_prefix.Length).SequenceEqual(_prefix);
        var result = new List<int>(ids.Count + _prefix.Length + _suffix.Length);
        if (!hasPrefix) result.AddRange(_prefix);
        result.AddRange(ids);
        result.AddRange(_suffix);
        return result;
    }

    /// <inheritdoc/>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var tokens = new List<string>();
        foreach (int id in ids)
        {
            string? token = _added.ById(id)?.Content ?? _model.IdToToken(id);
            // Ids outside the vocabulary are skipped, as Hugging Face does (models often have spare embedding rows).
            if (token is null) continue;
            if (skipSpecialTokens && _added.ByContent(token) is { Special: true }) continue;
            tokens.Add(token);
        }
        return _decoder is null ? string.Join(" ", tokens) : _decoder.Decode(tokens);
    }

    /// <inheritdoc/>
    public int? TokenToId(string token) => _added.ByContent(token)?.Id ?? _model.TokenToId(token);

    /// <inheritdoc/>
    public string? IdToToken(int id) => _added.ById(id)?.Content ?? _model.IdToToken(id);

    /// <inheritdoc/>
    public bool IsSpecial(int id) => _added.ById(id) is { Special: true };

    /// <summary>The token strings <see cref="Encode"/> produces (for inspection).</summary>
    public IReadOnlyList<string> Tokenize(string text, bool addSpecialTokens = false)
        => Encode(text, addSpecialTokens).Select(id => IdToToken(id) ?? "").ToList();

    static string ReplaceLoneSurrogates(string text)
    {
        StringBuilder? sb = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool ok = !char.IsSurrogate(c)
                || (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]));
            if (char.IsHighSurrogate(c) && ok)
            {
                sb?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (!ok)
            {
                sb ??= new StringBuilder(text, 0, i, text.Length);
                sb.Append('\uFFFD');
            }
            else sb?.Append(c);
        }
        return sb?.ToString() ?? text;
    }
}
