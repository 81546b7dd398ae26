using System.Text.Json;
using Lethe.Tokenization;
using Xunit;

namespace Lethe.Tests.Tokenization;

public class BpeTrainerTests
{
    static readonly string[] ChatSpecials = ["<|endoftext|>", "<|pad|>", "<|im_start|>", "<|im_end|>"];

    static BpeTrainerOptions Options(bool addBos = false) => new()
    {
        VocabSize = 1200,
        MinFrequency = 2,
        SpecialTokens = ChatSpecials,
        BosToken = "<|endoftext|>",
        EosToken = "<|im_end|>",
        PadToken = "<|pad|>",
        AddBosToken = addBos,
        ModelMaxLength = 512,
        ChatTemplate = "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}",
    };

    static readonly List<string> Corpus = TokenizerTestData.English(seed: 7, chars: 400_000);

    [Fact]
    public void Trained_tokenizer_encodes_like_the_Rust_library()
    {
        using var dir = TestPaths.Temp();
        var trained = BpeTrainer.Train(Corpus, Options());
        Assert.Equal(1200, trained.Tokens.Count);
        Assert.Equal(1200 - 4 - 256, trained.Merges.Count);
        trained.Save(dir.Path);

        var lethe = HfTokenizer.Load(dir.Path);
        using var hf = new HfReference(dir.File("tokenizer.json"));
        var probes = TokenizerTestData.Probes(11, 300,
            "<|endoftext|>", "text<|endoftext|>more", "<|pad|><|pad|>", "<|im_start|>user\nWho wrote it?<|im_end|>\n<|im_start|>assistant\n",
            "<|im_start|><|im_end|>", "<|im_", "<|endoftext|", "a <|im_end|> b");
        probes.AddRange(Corpus.Take(200));
        int n = TokenizerAssert.SameAsReference(lethe, hf, probes);
        Assert.True(n > 500);
        // Frequent words were learned: a common word is one token.
        Assert.Single(lethe.Encode(" the", addSpecialTokens: false));
    }

    [Fact]
    public void Special_tokens_config_and_chat_template_round_trip()
    {
        using var dir = TestPaths.Temp();
        BpeTrainer.Train(Corpus.Take(2000), Options()).Save(dir.Path);
        var t = HfTokenizer.Load(dir.Path);
        Assert.Equal(0, t.BosId);
        Assert.Equal(3, t.EosId);
        Assert.Equal(1, t.PadId);
        Assert.Equal("<|im_end|>", t.EosToken);
        Assert.Equal(512, t.ModelMaxLength);
        Assert.Equal(Options().ChatTemplate, t.ChatTemplate);
        Assert.Equal([2, 3], t.Encode("<|im_start|><|im_end|>"));
        Assert.True(t.IsSpecial(2));
        Assert.Equal(2, t.TokenToId("<|im_start|>"));
        Assert.Equal("<|im_start|>", t.IdToToken(2));
        Assert.Empty(t.SpecialPrefixIds);   // GPT-2 style: no BOS unless asked
        // Special tokens never take part in merges: the corpus separators are not learned.
        Assert.DoesNotContain(t.Encode("x<|pad|>y", false), id => id > 3 && t.IdToToken(id)!.Contains("<|"));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp-*"));
    }

    [Fact]
    public void With_AddBosToken_encoding_starts_with_one_BOS_never_two()
    {
        using var dir = TestPaths.Temp();
        BpeTrainer.Train(Corpus.Take(3000), Options(addBos: true)).Save(dir.Path);
        var t = HfTokenizer.Load(dir.Path);
        Assert.Equal([0], t.SpecialPrefixIds);
        var plain = t.Encode("Hello there", addSpecialTokens: false);
        Assert.Equal([0, .. plain], t.Encode("Hello there"));
        Assert.Equal([0, .. plain], t.Encode("<|endoftext|>Hello there"));
        Assert.Equal(1, t.Encode("<|endoftext|>").Count(id => id == 0));

        using var hf = new HfReference(dir.File("tokenizer.json"));
        TokenizerAssert.SameAsReference(t, hf, TokenizerTestData.Probes(3, 100, "<|endoftext|>", "<|endoftext|>Hello", "<|endoftext|><|endoftext|>x"));
    }

    [Fact]
    public void Decode_round_trips_text_and_can_keep_or_drop_special_tokens()
    {
        using var dir = TestPaths.Temp();
        BpeTrainer.Train(Corpus.Take(3000), Options()).Save(dir.Path);
        var t = HfTokenizer.Load(dir.Path);
        foreach (var text in TokenizerTestData.Probes(5, 200))
            Assert.Equal(text, t.Decode(t.Encode(text, addSpecialTokens: false), skipSpecialTokens: false));
        var ids = t.Encode("<|im_start|>user\nhi<|im_end|>");
        Assert.Equal("<|im_start|>user\nhi<|im_end|>", t.Decode(ids, skipSpecialTokens: false));
        Assert.Equal("user\nhi", t.Decode(ids, skipSpecialTokens: true));
        // Ids past the vocabulary (spare embedding rows) are skipped, as Hugging Face does.
        Assert.Equal("hi", t.Decode([.. t.Encode("hi", false), t.VocabSize + 5]));
    }

    [Fact]
    public void Gpt2_style_folder_without_named_tokens_gets_the_class_defaults()
    {
        using var dir = TestPaths.Temp();
        BpeTrainer.Train(Corpus.Take(500), Options()).Save(dir.Path);
        // openai-community/gpt2 ships only {"model_max_length": 1024}.
        File.WriteAllText(dir.File("tokenizer_config.json"), """{"model_max_length": 1024}""");
        var t = HfTokenizer.Load(dir.Path);
        Assert.Equal(("<|endoftext|>", 0, "<|endoftext|>", 0), (t.BosToken, t.BosId!.Value, t.EosToken, t.EosId!.Value));
        Assert.Null(t.PadId);
        Assert.Empty(t.SpecialPrefixIds);

        // An explicit null wins over the class default.
        File.WriteAllText(dir.File("tokenizer_config.json"), """{"tokenizer_class": "GPT2TokenizerFast", "bos_token": null}""");
        t = HfTokenizer.Load(dir.Path);
        Assert.Null(t.BosToken);
        Assert.Equal("<|endoftext|>", t.EosToken);
        Assert.Equal("<|endoftext|>", t.UnkToken);
    }

    [Fact]
    public void Training_is_deterministic()
    {
        using var a = TestPaths.Temp();
        using var b = TestPaths.Temp();
        BpeTrainer.Train(Corpus.Take(4000), Options()).Save(a.Path);
        BpeTrainer.Train(Corpus.Take(4000).ToList(), Options()).Save(b.Path);
        Assert.Equal(File.ReadAllBytes(a.File("tokenizer.json")), File.ReadAllBytes(b.File("tokenizer.json")));
        Assert.Equal(File.ReadAllBytes(a.File("tokenizer_config.json")), File.ReadAllBytes(b.File("tokenizer_config.json")));
    }

    [Fact]
    public void Merges_follow_pair_frequency_with_ties_broken_by_smaller_ids()
    {
        // "ab" x3 and "cd" x3 tie; 'a' (byte 97) has a smaller id than 'c' (99), so "a b" merges first.
        var trained = BpeTrainer.Train(["ab", "cd", "ab", "cd", "ab", "cd", "xy"], new BpeTrainerOptions
        {
            VocabSize = 2 + 256 + 10, SpecialTokens = ["<s>", "</s>"], BosToken = "<s>", EosToken = "</s>", PadToken = null, MinFrequency = 2,
        });
        Assert.Equal([("a", "b"), ("c", "d")], trained.Merges);   // "x y" is seen once: below MinFrequency
        Assert.Equal(2 + 256 + 2, trained.Tokens.Count);          // so training stops early
        Assert.Equal("ab", trained.Tokens[2 + 256]);
    }

    [Fact]
    public void Overlapping_pairs_are_counted_and_merged_as_encoding_does()
    {
        using var dir = TestPaths.Temp();
        var trained = BpeTrainer.Train(["aaaa aaaaa aaa", "aaaaaaa"], new BpeTrainerOptions
        {
            VocabSize = 1 + 256 + 6, SpecialTokens = ["<s>"], BosToken = "<s>", EosToken = "<s>", PadToken = null, MinFrequency = 1,
        });
        trained.Save(dir.Path);
        var t = HfTokenizer.Load(dir.Path);
        using var hf = new HfReference(dir.File("tokenizer.json"));
        TokenizerAssert.SameAsReference(t, hf, ["a", "aa", "aaa", "aaaa", "aaaaa", "aaaaaaa", " aaa aaaa", "aaaaaaaaaaaaaaaa"]);
    }

    [Fact]
    public void Written_tokenizer_json_has_the_Hugging_Face_layout()
    {
        using var dir = TestPaths.Temp();
        BpeTrainer.Train(Corpus.Take(500), Options()).Save(dir.Path);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(dir.File("tokenizer.json")));
        var root = doc.RootElement;
        Assert.Equal("1.0", root.GetProperty("version").GetString());
        Assert.Equal("BPE", root.GetProperty("model").GetProperty("type").GetString());
        Assert.Equal("ByteLevel", root.GetProperty("pre_tokenizer").GetProperty("type").GetString());
        Assert.Equal("ByteLevel", root.GetProperty("decoder").GetProperty("type").GetString());
        Assert.Equal(4, root.GetProperty("added_tokens").GetArrayLength());
        Assert.Equal("Ġ", root.GetProperty("model").GetProperty("vocab").EnumerateObject().Single(p => p.Value.GetInt32() == 4 + 32).Name);
        using var config = JsonDocument.Parse(File.ReadAllBytes(dir.File("tokenizer_config.json")));
        Assert.Equal("<|pad|>", config.RootElement.GetProperty("pad_token").GetString());
    }

    [Theory]
    [InlineData(100, "vocabulary size 100")]
    [InlineData(2_000_000, "vocabulary size 2000000")]
    public void Bad_vocab_size_is_refused(int size, string expected)
    {
        var e = Assert.Throws<LetheException>(() => BpeTrainer.Train(["x"], Options() with { VocabSize = size }));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Bad_special_token_settings_are_refused()
    {
        Assert.Contains("not one of the special tokens", Assert.Throws<LetheException>(
            () => BpeTrainer.Train(["x"], Options() with { PadToken = "<pad>" })).Message);
        Assert.Contains("listed twice", Assert.Throws<LetheException>(
            () => BpeTrainer.Train(["x"], Options() with { SpecialTokens = ["<a>", "<a>"], BosToken = null, EosToken = null, PadToken = null })).Message);
        Assert.Contains("minimum frequency", Assert.Throws<LetheException>(
            () => BpeTrainer.Train(["x"], Options() with { MinFrequency = 0 })).Message);
    }
}
