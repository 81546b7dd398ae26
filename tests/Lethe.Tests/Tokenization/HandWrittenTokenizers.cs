using System.Text.Json.Nodes;
using Lethe.Tokenization;
using Xunit;

namespace Lethe.Tests.Tokenization;

/// <summary>Tiny tokenizer.json files in the layouts real models ship, written out field by field.</summary>
internal static class HandWrittenTokenizers
{
    public const string Llama3Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    public const string Qwen2Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    static JsonObject Added(int id, string content, bool special, bool normalized = false) => new()
    {
        ["id"] = id, ["content"] = content, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
        ["normalized"] = normalized, ["special"] = special,
    };

    static JsonObject Bpe(JsonObject vocab, IEnumerable<string> merges, bool byteFallback, string? unk, bool ignoreMerges, bool fuseUnk) => new()
    {
        ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = unk, ["continuing_subword_prefix"] = null, ["end_of_word_suffix"] = null,
        ["fuse_unk"] = fuseUnk, ["byte_fallback"] = byteFallback, ["ignore_merges"] = ignoreMerges,
        ["vocab"] = vocab, ["merges"] = new JsonArray(merges.Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
    };

    static JsonObject Template(string bos, int bosId) => new()
    {
        ["type"] = "TemplateProcessing",
        ["single"] = new JsonArray(
            new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = bos, ["type_id"] = 0 } },
            new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } }),
        ["pair"] = new JsonArray(
            new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = bos, ["type_id"] = 0 } },
            new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
            new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = bos, ["type_id"] = 1 } },
            new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "B", ["type_id"] = 1 } }),
        ["special_tokens"] = new JsonObject
        {
            [bos] = new JsonObject { ["id"] = bos, ["ids"] = new JsonArray(bosId), ["tokens"] = new JsonArray(bos) },
        },
    };

    /// <summary>
    /// Llama-2 / TinyLlama layout: &lt;unk&gt; &lt;s&gt; &lt;/s&gt;, the 256 byte tokens, then SentencePiece pieces
    /// with "▁" for spaces; normalizer Prepend("▁") + Replace(" ", "▁"), no pre-tokenizer, byte fallback.
    /// </summary>
    public static JsonObject SentencePiece()
    {
        var vocab = new JsonObject { ["<unk>"] = 0, ["<s>"] = 1, ["</s>"] = 2 };
        for (int b = 0; b < 256; b++) vocab[$"<0x{b:X2}>"] = 3 + b;
        int next = 259;
        void Add(string piece) { if (!vocab.ContainsKey(piece)) vocab[piece] = next++; }
        foreach (char c in "▁etaoinshrdlcumwfgypbvkxjqz.,!?'TIHW0123456789") Add(c.ToString());
        string[] merges =
        [
            "▁ t", "h e", "▁t he", "i n", "▁ a", "n d", "▁a nd", "o r", "▁ w", "▁w or", "l d", "▁wor ld", "e r", "▁ h",
            "▁h e", "l l", "▁he ll", "▁hell o", "▁ T", "▁T he", "▁ o", "▁o f", "i s", "▁ is", "▁ i", "▁i n", "▁ 1", "0 0",
            "▁ H", "▁H e", "▁He ll", "▁Hell o", "a u", "t h", "au th", "auth or", "▁ auth", "▁a u", "▁au th", "▁auth or",
            "e d", "▁w a", "▁wa s", "▁ b", "▁b or", "▁bor n", "n ,", "▁ ,", ". .",
        ];
        foreach (var m in merges) Add(m.Replace(" ", ""));
        return new JsonObject
        {
            ["version"] = "1.0", ["truncation"] = null, ["padding"] = null,
            ["added_tokens"] = new JsonArray(Added(0, "<unk>", true), Added(1, "<s>", true), Added(2, "</s>", true)),
            ["normalizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["normalizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Prepend", ["prepend"] = "▁" },
                    new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = " " }, ["content"] = "▁" }),
            },
            ["pre_tokenizer"] = null,
            ["post_processor"] = Template("<s>", 1),
            ["decoder"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["decoders"] = new JsonArray(
                    new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = "▁" }, ["content"] = " " },
                    new JsonObject { ["type"] = "ByteFallback" },
                    new JsonObject { ["type"] = "Fuse" },
                    new JsonObject { ["type"] = "Strip", ["content"] = " ", ["start"] = 1, ["stop"] = 0 }),
            },
            ["model"] = Bpe(vocab, merges, byteFallback: true, unk: "<unk>", ignoreMerges: false, fuseUnk: true),
        };
    }

    /// <summary>
    /// Llama-3 layout: byte-level vocabulary, pre-tokenizer Sequence[Split(Llama-3 regex), ByteLevel(no regex)],
    /// ignore_merges, special tokens after the vocabulary, BOS from a TemplateProcessing inside a Sequence.
    /// <paramref name="pattern"/> and <paramref name="normalizer"/> let the same file stand in for Qwen2.
    /// </summary>
    public static JsonObject Llama3Style(string pattern = Llama3Pattern, JsonNode? normalizer = null, bool ignoreMerges = true)
    {
        var vocab = new JsonObject();
        int next = 0;
        void Add(string piece) { if (!vocab.ContainsKey(piece)) vocab[piece] = next++; }
        for (int b = 0; b < 256; b++) Add(ByteLevelChar(b));
        string[] merges =
        [
            "Ġ t", "h e", "Ġt he", "i n", "Ġ a", "n d", "Ġa nd", "o r", "Ġ w", "e r", "Ġ h", "l l", "Ġ o", "Ġo f", "i s",
            "Ġ i", "Ġi n", "Ġi s", "Ġ T", "ĠT he", "t h", "1 2", "12 3", "0 0", "Ċ Ċ", "a u", "au th", "auth or", "Ġ auth",
            "Ġa u", "Ġau th", "Ġauth or", "e d", "Ġw a", "Ġwa s", "Ġ b", "Ġb or", "Ġbor n", "' s", "Ġ 1", "Ġ (", "' t",
            "ð Ł", "ðŁ ĺ", "Ġ ð", "Ġð Ł", "Ģ a",
        ];
        foreach (var m in merges) Add(m.Replace(" ", ""));
        // Reachable only as a whole word: ignore_merges makes " world" one token although no merge builds it.
        Add("Ġworld");
        Add("Hello");
        int vocabCount = next;
        var special = new[] { "<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>" };
        var added = new JsonArray();
        for (int i = 0; i < special.Length; i++) added.Add(Added(vocabCount + i, special[i], true));
        added.Add(Added(vocabCount + special.Length, "hello_world", special: false, normalized: true));
        return new JsonObject
        {
            ["version"] = "1.0", ["truncation"] = null, ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = normalizer,
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = pattern }, ["behavior"] = "Isolated", ["invert"] = false },
                    new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = false }),
            },
            ["post_processor"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["processors"] = new JsonArray(
                    new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = false, ["use_regex"] = true },
                    Template("<|begin_of_text|>", vocabCount)),
            },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true },
            ["model"] = Bpe(vocab, merges, byteFallback: false, unk: null, ignoreMerges: ignoreMerges, fuseUnk: false),
        };
    }

    /// <summary>GPT-2's byte table, written independently of Lethe's.</summary>
    public static string ByteLevelChar(int b)
    {
        bool direct = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
        if (direct) return ((char)b).ToString();
        int n = 0;
        for (int k = 0; k < b; k++)
            if (!(k is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF)) n++;
        return ((char)(256 + n)).ToString();
    }

    public static string Write(TempDir dir, JsonObject tokenizer, JsonObject? config = null)
    {
        File.WriteAllText(dir.File("tokenizer.json"), tokenizer.ToJsonString());
        if (config is not null) File.WriteAllText(dir.File("tokenizer_config.json"), config.ToJsonString());
        return dir.File("tokenizer.json");
    }
}
