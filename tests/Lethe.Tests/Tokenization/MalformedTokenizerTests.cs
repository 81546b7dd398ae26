using System.Text.Json.Nodes;
using Lethe.Tokenization;
using Xunit;

namespace Lethe.Tests.Tokenization;

public class MalformedTokenizerTests
{
    static LetheException LoadFails(TempDir dir) => Assert.Throws<LetheException>(() => HfTokenizer.Load(dir.Path));

    static LetheException LoadFails(Action<JsonObject> edit, JsonObject? config = null)
    {
        using var dir = TestPaths.Temp();
        var json = HandWrittenTokenizers.SentencePiece();
        edit(json);
        HandWrittenTokenizers.Write(dir, json, config);
        var e = LoadFails(dir);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void Missing_folder_or_tokenizer_json_is_named()
    {
        using var dir = TestPaths.Temp();
        Assert.Contains("tokenizer folder not found", Assert.Throws<LetheException>(() => HfTokenizer.Load(dir.File("nope"))).Message);
        var e = LoadFails(dir);
        Assert.Contains("tokenizer.json: file not found", e.Message);
    }

    [Fact]
    public void Invalid_json_gives_file_and_line()
    {
        using var dir = TestPaths.Temp();
        File.WriteAllText(dir.File("tokenizer.json"), "{\n  \"model\": {\"type\": \"BPE\",\n  \"vocab\": {\"a\": 0,,}\n}");
        var e = LoadFails(dir);
        Assert.Contains("tokenizer.json: not valid JSON (line 3", e.Message);
    }

    [Fact]
    public void Oversized_file_is_refused_before_reading()
    {
        using var dir = TestPaths.Temp();
        using (var f = File.Create(dir.File("tokenizer.json"))) f.SetLength(HfTokenizer.MaxTokenizerJsonBytes + 1);
        Assert.Contains("more than the", LoadFails(dir).Message);
    }

    [Fact]
    public void Tokenizer_json_must_be_an_object()
    {
        using var dir = TestPaths.Temp();
        File.WriteAllText(dir.File("tokenizer.json"), "[1, 2]");
        Assert.Contains("tokenizer.json: (root): must be an object, not an array", LoadFails(dir).Message);
    }

    [Theory]
    [InlineData("model-missing", "tokenizer.json: model: missing")]
    [InlineData("unigram", "model.type: model \"Unigram\" is not supported")]
    [InlineData("merge-unknown", "model.merges[0]: token \"▁zz\" is not in model.vocab")]
    [InlineData("merge-shape", "model.merges[1]: \"a b c\" is not two tokens separated by one space")]
    [InlineData("negative-id", "model.vocab[\"<s>\"]: -4 is outside")]
    [InlineData("huge-id", "model.vocab[\"<s>\"]: 4000000000 is outside")]
    [InlineData("duplicate-id", "tokens \"<unk>\" and \"<s>\" both have id 0")]
    [InlineData("string-id", "model.vocab[\"<s>\"]: must be a whole number, not a string")]
    [InlineData("unk-missing", "model.unk_token: \"<nope>\" is not in model.vocab")]
    [InlineData("pretokenizer", "pre_tokenizer.type: pre-tokenizer \"BertPreTokenizer\" is not supported")]
    [InlineData("bad-regex", "pre_tokenizer.pattern.Regex: regex cannot be compiled by .NET")]
    [InlineData("normalizer", "normalizer.normalizers[1].type: normalizer \"Precompiled\" is not supported")]
    [InlineData("decoder", "decoder.decoders[0].pattern: must have exactly one of \"String\" or \"Regex\"")]
    [InlineData("template", "post_processor.single[0].SpecialToken.id: \"<bos>\" is not listed in post_processor.special_tokens")]
    [InlineData("added-not-object", "added_tokens[1]: must be an object")]
    [InlineData("added-empty", "added_tokens[0].content: must not be empty")]
    [InlineData("version", "version: \"2.0\" is not a tokenizer.json version")]
    [InlineData("dropout", "model.dropout: BPE dropout")]
    public void Malformed_tokenizer_json_names_the_field(string kind, string expected)
    {
        JsonObject Model(JsonObject j) => (JsonObject)j["model"]!;
        var e = LoadFails(j =>
        {
            switch (kind)
            {
                case "model-missing": j.Remove("model"); break;
                case "unigram": Model(j)["type"] = "Unigram"; break;
                case "merge-unknown": ((JsonArray)Model(j)["merges"]!)[0] = "▁zz z"; break;
                case "merge-shape": ((JsonArray)Model(j)["merges"]!)[1] = "a b c"; break;
                case "negative-id": ((JsonObject)Model(j)["vocab"]!)["<s>"] = -4; break;
                case "huge-id": ((JsonObject)Model(j)["vocab"]!)["<s>"] = 4_000_000_000L; break;
                case "duplicate-id": ((JsonObject)Model(j)["vocab"]!)["<s>"] = 0; break;
                case "string-id": ((JsonObject)Model(j)["vocab"]!)["<s>"] = "1"; break;
                case "unk-missing": Model(j)["unk_token"] = "<nope>"; break;
                case "pretokenizer": j["pre_tokenizer"] = new JsonObject { ["type"] = "BertPreTokenizer" }; break;
                case "bad-regex":
                    j["pre_tokenizer"] = new JsonObject
                    {
                        ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = @"\p{L}++|(" }, ["behavior"] = "Isolated", ["invert"] = false,
                    };
                    break;
                case "normalizer": ((JsonArray)j["normalizer"]!["normalizers"]!)[1] = new JsonObject { ["type"] = "Precompiled" }; break;
                case "decoder": ((JsonArray)j["decoder"]!["decoders"]!)[0]!["pattern"] = new JsonObject(); break;
                case "template": j["post_processor"]!["single"]![0]!["SpecialToken"]!["id"] = "<bos>"; break;
                case "added-not-object": ((JsonArray)j["added_tokens"]!)[1] = 5; break;
                case "added-empty": ((JsonArray)j["added_tokens"]!)[0]!["content"] = ""; break;
                case "version": j["version"] = "2.0"; break;
                case "dropout": Model(j)["dropout"] = 0.1; break;
            }
        });
        Assert.Contains("tokenizer.json", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("""{"chat_template": 5}""", "tokenizer_config.json: chat_template: must be a string or a list")]
    [InlineData("""{"chat_template": [{"name": "default"}]}""", "tokenizer_config.json: chat_template[0].template: missing")]
    [InlineData("""{"bos_token": 7}""", "tokenizer_config.json: bos_token: must be a string")]
    [InlineData("""{"add_bos_token": "yes"}""", "tokenizer_config.json: add_bos_token: must be true or false")]
    [InlineData("""{"model_max_length": -1}""", "tokenizer_config.json: model_max_length: -1 is not a positive length")]
    [InlineData("""{"added_tokens_decoder": {"x": {"content": "a"}}}""", "tokenizer_config.json: added_tokens_decoder[\"x\"]: key must be a token id")]
    [InlineData("""[]""", "tokenizer_config.json: (root): must be an object")]
    [InlineData("""{"add_bos_token": true}""", "tokenizer_config.json: add_bos_token is true but there is no bos_token")]
    public void Malformed_tokenizer_config_names_the_field(string config, string expected)
    {
        using var dir = TestPaths.Temp();
        var json = HandWrittenTokenizers.Llama3Style();
        json.Remove("post_processor");
        HandWrittenTokenizers.Write(dir, json);
        File.WriteAllText(dir.File("tokenizer_config.json"), config);
        Assert.Contains(expected, LoadFails(dir).Message);
    }

    /// <summary>Random damage to a valid file: loading either works or fails with a LetheException, never anything else.</summary>
    [Fact]
    public void Randomly_damaged_files_never_crash()
    {
        var rng = new Random(1234);
        JsonNode?[] replacements = [null, "x", "", -1, 0, 3.5, 1e20, true, new JsonArray(), new JsonObject(), "BPE", "Sequence", "\\p{L}++"];
        string[] sources = [HandWrittenTokenizers.SentencePiece().ToJsonString(), HandWrittenTokenizers.Llama3Style().ToJsonString()];
        int loaded = 0, refused = 0;
        using var dir = TestPaths.Temp();
        for (int round = 0; round < 300; round++)
        {
            string source = sources[round % 2];
            string text;
            if (round % 5 == 0) text = source[..rng.Next(source.Length)];
            else
            {
                var root = JsonNode.Parse(source)!;
                var all = new List<JsonNode>();
                void Walk(JsonNode? n)
                {
                    if (n is null) return;
                    all.Add(n);
                    if (n is JsonObject o) foreach (var kv in o.ToList()) Walk(kv.Value);
                    if (n is JsonArray a) foreach (var x in a.ToList()) Walk(x);
                }
                Walk(root);
                for (int k = 0; k < 1 + rng.Next(3); k++)
                {
                    var victim = all[1 + rng.Next(all.Count - 1)];
                    if (victim.Parent is null) continue;
                    var replacement = replacements[rng.Next(replacements.Length)]?.DeepClone();
                    if (victim.Parent is JsonObject po) po[victim.GetPropertyName()] = replacement;
                    else if (victim.Parent is JsonArray pa) pa[victim.GetElementIndex()] = replacement;
                    Walk(null);
                    all.Clear();
                    Walk(root);
                }
                text = root.ToJsonString();
            }
            File.WriteAllText(dir.File("tokenizer.json"), text);
            try
            {
                var t = HfTokenizer.Load(dir.Path);
                t.Decode(t.Encode("Hello world 😀 <s> <|eot_id|> 123"), skipSpecialTokens: false);
                loaded++;
            }
            catch (LetheException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                refused++;
            }
        }
        Assert.True(refused > 50, $"only {refused} of 300 damaged files were refused");
        Assert.True(loaded > 0);
    }
}
