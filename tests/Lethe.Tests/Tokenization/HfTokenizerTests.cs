using System.Text.Json.Nodes;
using Lethe.Tokenization;
using Xunit;

namespace Lethe.Tests.Tokenization;

public class HfTokenizerTests
{
    static readonly string[] ChatLike =
    [
        "<s>", "<s>Hello", "Hello</s>", "Hello <s> world", "The author</s><s>The author", "<unk>", "<s><s>",
        "<|begin_of_text|>", "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nWho wrote it?<|eot_id|>",
        "<|eot_id|><|eot_id|>", "text<|eot_id|>", "<|eot_id", "say hello_world now", "hello_worldhello_world",
    ];

    [Fact]
    public void SentencePiece_byte_fallback_tokenizer_matches_the_Rust_library()
    {
        using var dir = TestPaths.Temp();
        string path = HandWrittenTokenizers.Write(dir, HandWrittenTokenizers.SentencePiece(), new JsonObject
        {
            ["add_bos_token"] = true, ["add_eos_token"] = false,
            ["bos_token"] = new JsonObject { ["__type"] = "AddedToken", ["content"] = "<s>", ["lstrip"] = false, ["normalized"] = false, ["rstrip"] = false, ["single_word"] = false },
            ["eos_token"] = "</s>", ["unk_token"] = "<unk>", ["pad_token"] = null,
            ["model_max_length"] = 1e30,
        });
        var t = HfTokenizer.Load(dir.Path);
        Assert.Equal((1, 2, (int?)null, 0), (t.BosId, t.EosId, t.PadId, t.UnkId));
        Assert.Null(t.ModelMaxLength);
        using var hf = new HfReference(path);
        TokenizerAssert.SameAsReference(t, hf, TokenizerTestData.Probes(21, 400, ChatLike));

        // Characters outside the vocabulary fall back to their UTF-8 bytes: é is C3 A9.
        var ids = t.Encode("é", addSpecialTokens: false);
        Assert.Equal([t.TokenToId("▁")!.Value, 3 + 0xC3, 3 + 0xA9], ids);
        Assert.Equal("é", t.Decode(ids));
        Assert.Equal(["▁the", "▁world"], t.Tokenize("the world"));
    }

    [Fact]
    public void SentencePiece_decode_round_trips_and_never_doubles_BOS()
    {
        using var dir = TestPaths.Temp();
        HandWrittenTokenizers.Write(dir, HandWrittenTokenizers.SentencePiece(), new JsonObject { ["add_bos_token"] = true, ["bos_token"] = "<s>", ["eos_token"] = "</s>" });
        var t = HfTokenizer.Load(dir.Path);
        foreach (var text in TokenizerTestData.Probes(4, 200))
            if (!text.Contains('\uFFFD')) Assert.Equal(text, t.Decode(t.Encode(text)));
        var once = t.Encode("Hello");
        Assert.Equal(1, once[0]);
        Assert.Equal(once, t.Encode("<s>Hello"));
        // Decoding with specials keeps them (and the space SentencePiece put before the word).
        Assert.Equal("<s> Hello", t.Decode(once, skipSpecialTokens: false));
    }

    [Fact]
    public void Add_eos_token_in_config_appends_EOS()
    {
        using var dir = TestPaths.Temp();
        HandWrittenTokenizers.Write(dir, HandWrittenTokenizers.SentencePiece(),
            new JsonObject { ["add_bos_token"] = false, ["add_eos_token"] = true, ["bos_token"] = "<s>", ["eos_token"] = "</s>" });
        var t = HfTokenizer.Load(dir.Path);
        var ids = t.Encode("the world");
        Assert.NotEqual(1, ids[0]);
        Assert.Equal(2, ids[^1]);
    }

    [Fact]
    public void Llama3_style_tokenizer_matches_the_Rust_library()
    {
        using var dir = TestPaths.Temp();
        string path = HandWrittenTokenizers.Write(dir, HandWrittenTokenizers.Llama3Style(), new JsonObject
        {
            ["bos_token"] = "<|begin_of_text|>", ["eos_token"] = "<|eot_id|>",
            ["chat_template"] = new JsonArray(
                new JsonObject { ["name"] = "tool_use", ["template"] = "TOOLS" },
                new JsonObject { ["name"] = "default", ["template"] = "{{ bos_token }}{% for m in messages %}{{ m['content'] }}{% endfor %}" }),
        });
        var t = HfTokenizer.Load(dir.Path);
        Assert.Equal("{{ bos_token }}{% for m in messages %}{{ m['content'] }}{% endfor %}", t.ChatTemplate);
        Assert.Equal("TOOLS", t.ChatTemplates["tool_use"]);
        Assert.Equal(t.TokenToId("<|begin_of_text|>"), t.BosId);
        Assert.Equal([t.BosId!.Value], t.SpecialPrefixIds);
        using var hf = new HfReference(path);
        TokenizerAssert.SameAsReference(t, hf, TokenizerTestData.Probes(31, 400, ChatLike));

        // ignore_merges: a whole word in the vocabulary is one token even when no merge builds it.
        Assert.Equal([t.TokenToId("Ġworld")!.Value], t.Encode(" world", false));
        // Code points, not UTF-16 units: the emoji joins the letters that follow ([^\r\n\p{L}\p{N}]?\p{L}+).
        // (A UTF-16 regex would cut "😀" from "abc" and the merge "Ģ a" could not apply.)
        Assert.Equal(["ðŁĺ", "Ģa", "b", "c"], t.Tokenize("😀abc"));
        Assert.Single(t.Encode("<|eot_id|>", false));
    }

    [Fact]
    public void Without_ignore_merges_whole_words_are_built_by_merges_only()
    {
        using var dir = TestPaths.Temp();
        string path = HandWrittenTokenizers.Write(dir, HandWrittenTokenizers.Llama3Style(ignoreMerges: false));
        var t = HfTokenizer.Load(dir.Path);
        Assert.NotEqual([t.TokenToId("Ġworld")!.Value], t.Encode(" world", false));
        using var hf = new HfReference(path);
        TokenizerAssert.SameAsReference(t, hf, TokenizerTestData.Probes(41, 150, ChatLike));
    }

    [Theory]
    [InlineData("metaspace-first")]
    [InlineData("metaspace-split-digits")]
    [InlineData("normalized-added-token")]
    [InlineData("strip-and-single-word-flags")]
    public void Other_component_combinations_match_the_Rust_library(string variant)
    {
        using var dir = TestPaths.Temp();
        JsonObject json;
        JsonObject Metaspace(string scheme, bool split) => new() { ["type"] = "Metaspace", ["replacement"] = "▁", ["prepend_scheme"] = scheme, ["split"] = split };
        JsonObject Added(int id, string content, bool special, bool normalized, bool lstrip = false, bool rstrip = false, bool singleWord = false) => new()
        {
            ["id"] = id, ["content"] = content, ["special"] = special, ["normalized"] = normalized,
            ["lstrip"] = lstrip, ["rstrip"] = rstrip, ["single_word"] = singleWord,
        };
        switch (variant)
        {
            case "metaspace-first":
                // Mistral-style: no normalizer, Metaspace(prepend_scheme "first", no split).
                json = HandWrittenTokenizers.SentencePiece();
                json["normalizer"] = null;
                json["pre_tokenizer"] = Metaspace("first", false);
                break;
            case "metaspace-split-digits":
                json = HandWrittenTokenizers.SentencePiece();
                json["normalizer"] = null;
                json["pre_tokenizer"] = new JsonObject
                {
                    ["type"] = "Sequence",
                    ["pretokenizers"] = new JsonArray(Metaspace("always", true), new JsonObject { ["type"] = "Digits", ["individual_digits"] = true }),
                };
                json["decoder"] = new JsonObject
                {
                    ["type"] = "Sequence",
                    ["decoders"] = new JsonArray(new JsonObject { ["type"] = "ByteFallback" }, Metaspace("always", true)),
                };
                break;
            case "normalized-added-token":
                // Normalized added tokens are matched in their normalized form ("▁hello_world" under Prepend).
                json = HandWrittenTokenizers.SentencePiece();
                int next = ((JsonObject)json["model"]!["vocab"]!).Count;
                ((JsonArray)json["added_tokens"]!).Add(Added(next, "hello_world", special: false, normalized: true));
                ((JsonArray)json["added_tokens"]!).Add(Added(next + 1, "<sep>", special: true, normalized: false));
                break;
            default:
                json = HandWrittenTokenizers.Llama3Style();
                int n = ((JsonObject)json["model"]!["vocab"]!).Count + 6;
                ((JsonArray)json["added_tokens"]!).Add(Added(n, "<mask>", special: true, normalized: false, lstrip: true));
                ((JsonArray)json["added_tokens"]!).Add(Added(n + 1, "[R]", special: true, normalized: false, rstrip: true));
                ((JsonArray)json["added_tokens"]!).Add(Added(n + 2, "cat", special: false, normalized: false, singleWord: true));
                break;
        }
        string path = HandWrittenTokenizers.Write(dir, json);
        var t = HfTokenizer.Load(dir.Path);
        using var hf = new HfReference(path);
        TokenizerAssert.SameAsReference(t, hf, TokenizerTestData.Probes(61, 300, [.. ChatLike,
            "a hello_world b", "hello_world", " hello_world", "x<sep>hello_world<sep>", "call 911 or 12345", "  two  spaces  ",
            "the <mask> is", "the   <mask>", "<mask>x", "a [R]   b", "[R]", "cat", "a cat b", "concat", "cats", "cat.", " cat ", "(cat)"]));
        if (variant == "normalized-added-token")
            Assert.Contains(t.TokenToId("hello_world")!.Value, t.Encode("a hello_world b"));
        if (variant == "strip-and-single-word-flags")
        {
            int cat = t.TokenToId("cat")!.Value;
            Assert.Contains(cat, t.Encode("a cat b"));
            Assert.DoesNotContain(cat, t.Encode("concat"));
            Assert.Equal(t.Encode("the<mask>"), t.Encode("the   <mask>"));   // lstrip takes the spaces into the token
        }
    }

    [Fact]
    public void Qwen2_style_NFC_tokenizer_matches_the_Rust_library_on_text_already_in_NFC()
    {
        using var dir = TestPaths.Temp();
        string path = HandWrittenTokenizers.Write(dir,
            HandWrittenTokenizers.Llama3Style(HandWrittenTokenizers.Qwen2Pattern, new JsonObject { ["type"] = "NFC" }, ignoreMerges: false));
        var t = HfTokenizer.Load(dir.Path);
        using var hf = new HfReference(path);
        var probes = TokenizerTestData.Probes(51, 200, ChatLike).Where(s => !s.Contains('\u0301')).ToList();
        TokenizerAssert.SameAsReference(t, hf, probes);

        // "e" + combining acute is not NFC: either this runtime normalizes it like Rust, or Lethe says it cannot.
        var error = Record.Exception(() => t.Encode("cafe\u0301"));
        if (error is null) Assert.Equal(hf.Encode("cafe\u0301"), t.Encode("cafe\u0301"));
        else Assert.Contains("NFC", Assert.IsType<LetheException>(error).Message);
    }

    [Fact]
    public void Added_tokens_are_matched_longest_first_and_special_flags_control_decoding()
    {
        using var dir = TestPaths.Temp();
        var json = HandWrittenTokenizers.Llama3Style();
        var added = (JsonArray)json["added_tokens"]!;
        int next = added.Max(n => (int)n!["id"]!) + 1;
        added.Add(new JsonObject { ["id"] = next, ["content"] = "<|eot_id|>X", ["special"] = true, ["normalized"] = false });
        HandWrittenTokenizers.Write(dir, json);
        var t = HfTokenizer.Load(dir.Path);
        Assert.Equal([next], t.Encode("<|eot_id|>X", false));
        Assert.Equal([t.TokenToId("<|eot_id|>")!.Value], t.Encode("<|eot_id|>", false));
        var ids = t.Encode("say hello_world<|eot_id|>", false);
        Assert.Equal("say hello_world", t.Decode(ids));
        Assert.Equal("say hello_world<|eot_id|>", t.Decode(ids, skipSpecialTokens: false));
    }

    [Fact]
    public void Special_tokens_map_overrides_config_and_chat_template_file_overrides_both()
    {
        using var dir = TestPaths.Temp();
        HandWrittenTokenizers.Write(dir, HandWrittenTokenizers.SentencePiece(),
            new JsonObject { ["bos_token"] = "<s>", ["eos_token"] = "<s>", ["chat_template"] = "from config" });
        File.WriteAllText(dir.File("special_tokens_map.json"), """{"eos_token": {"content": "</s>", "normalized": false}, "pad_token": "<unk>"}""");
        var t = HfTokenizer.Load(dir.Path);
        Assert.Equal(("</s>", 2, "<unk>", 0), (t.EosToken, t.EosId!.Value, t.PadToken, t.PadId!.Value));
        Assert.Equal("from config", t.ChatTemplate);
        File.WriteAllText(dir.File("chat_template.jinja"), "from file {{ messages }}");
        Assert.Equal("from file {{ messages }}", HfTokenizer.Load(dir.Path).ChatTemplate);
    }

    [Fact]
    public void Files_with_a_UTF8_byte_order_mark_load()
    {
        using var dir = TestPaths.Temp();
        HandWrittenTokenizers.Write(dir, HandWrittenTokenizers.SentencePiece());
        var bom = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        File.WriteAllText(dir.File("tokenizer_config.json"), """{"bos_token": "<s>", "eos_token": "</s>", "add_bos_token": true}""", bom);
        Assert.Equal(0xEF, File.ReadAllBytes(dir.File("tokenizer_config.json"))[0]);
        var t = HfTokenizer.Load(dir.Path);
        Assert.Equal(2, t.EosId);
    }

    [Fact]
    public void Bos_and_eos_come_from_the_post_processor_when_the_config_is_absent()
    {
        using var dir = TestPaths.Temp();
        HandWrittenTokenizers.Write(dir, HandWrittenTokenizers.Llama3Style());
        var t = HfTokenizer.Load(dir.Path);
        Assert.Equal("<|begin_of_text|>", t.BosToken);
        Assert.Null(t.EosToken);
        Assert.Null(t.ChatTemplate);
        Assert.Equal(t.TokenToId("hello_world")!.Value + 1, t.VocabSize);
    }
}
