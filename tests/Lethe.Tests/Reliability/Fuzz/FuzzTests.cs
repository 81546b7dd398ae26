using System.Text;
using System.Text.Json.Nodes;
using Lethe.Data;
using Lethe.IO;
using Lethe.Models;
using Lethe.Tests.Data;
using Lethe.Tests.Tokenization;
using Lethe.Tokenization;
using Parquet;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lethe.Tests.Reliability.Fuzz;

/// <summary>
/// Mutants of valid files, ≥ 1,000 per format, through the loaders a user's downloaded files go through (see
/// <see cref="FuzzHarness"/> for the contract). Seeds are fixed, so every run tries the same cases; the counts
/// are printed and recorded in docs/RELIABILITY.md.
/// </summary>
[Collection(nameof(IsolatedCollection))]
public class FuzzTests(ITestOutputHelper log) : IDisposable
{
    /// <summary>Cases per format: 1,200 in the suite; LETHE_FUZZ_CASES asks for a longer run (and LETHE_FUZZ_SEED for other cases).</summary>
    static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("LETHE_FUZZ_CASES"), out int n) && n > 0 ? n : 1200;
    static readonly int SeedOffset = int.TryParse(Environment.GetEnvironmentVariable("LETHE_FUZZ_SEED"), out int s) ? s : 0;
    readonly TempDir _dir = TestPaths.Temp();

    public void Dispose() => _dir.Dispose();

    string Folder(string name)
    {
        string d = _dir.File(name);
        Directory.CreateDirectory(d);
        return d;
    }

    // ---------------------------------------------------------------- models: safetensors and config.json

    /// <summary>Tiny models of the four supported families, each saved as a Hugging Face folder.</summary>
    List<string> ModelFolders()
    {
        var configs = new List<JsonObject>
        {
            ModelConfig.NewLlama(300, 16, 1, 4, 2, 32, 64, 0, 0, 1).Json,
            new() { ["model_type"] = "qwen2", ["vocab_size"] = 300, ["hidden_size"] = 16, ["num_hidden_layers"] = 1, ["num_attention_heads"] = 4,
                    ["num_key_value_heads"] = 2, ["intermediate_size"] = 32, ["max_position_embeddings"] = 64, ["rope_theta"] = 10000.0,
                    ["rms_norm_eps"] = 1e-6, ["tie_word_embeddings"] = false, ["eos_token_id"] = new JsonArray(0, 1) },
            new() { ["model_type"] = "phi", ["vocab_size"] = 300, ["hidden_size"] = 16, ["num_hidden_layers"] = 1, ["num_attention_heads"] = 4,
                    ["intermediate_size"] = 32, ["max_position_embeddings"] = 64, ["partial_rotary_factor"] = 0.5, ["layer_norm_eps"] = 1e-5 },
            new() { ["model_type"] = "gpt2", ["vocab_size"] = 300, ["n_embd"] = 16, ["n_layer"] = 1, ["n_head"] = 4, ["n_positions"] = 64,
                    ["activation_function"] = "gelu_new", ["layer_norm_epsilon"] = 1e-5 },
        };
        var folders = new List<string>();
        for (int i = 0; i < configs.Count; i++)
        {
            string d = Folder($"model{i}");
            using var m = ModelFactory.Create(new ModelConfig(configs[i]));
            m.InitializeWeights(i);
            Checkpoint.Save(m, d);
            folders.Add(d);
        }
        return folders;
    }

    static void LoadAndRun(string dir)
    {
        using var m = Checkpoint.Load(dir);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        m.Forward(tensor(new long[] { 1, 2, 3 }).unsqueeze(0));
    }

    /// <summary>Header JSON mutated structurally (length prefix kept right), or the whole file byte by byte.</summary>
    static (byte[], string) MutateSafeTensors(Random r, byte[] file)
    {
        if (r.Next(2) == 0) return Mutator.Bytes(r, file);
        long n = BitConverter.ToInt64(file, 0);
        var (header, how) = Mutator.Json(r, file[8..(int)(8 + n)]);
        var prefix = BitConverter.GetBytes((long)header.Length);
        return ([.. prefix, .. header, .. file[(int)(8 + n)..]], "header: " + how);
    }

    [Fact]
    public void SafeTensors()
    {
        set_num_threads(1);
        var folders = ModelFolders();
        var seeds = folders.Select(d => File.ReadAllBytes(Path.Combine(d, Checkpoint.SingleFile))).ToList();
        var o = FuzzHarness.Run("safetensors", Cases, SeedOffset + 1, seeds, k => Path.Combine(folders[k], Checkpoint.SingleFile),
            MutateSafeTensors, (path, _) => LoadAndRun(Path.GetDirectoryName(path)!), log);
        FuzzHarness.AssertClean(o);
    }

    [Fact]
    public void ConfigJson()
    {
        set_num_threads(1);
        var folders = ModelFolders();
        var seeds = folders.Select(d => File.ReadAllBytes(Path.Combine(d, Checkpoint.ConfigFile))).ToList();
        var o = FuzzHarness.Run("config.json", Cases, SeedOffset + 2, seeds, k => Path.Combine(folders[k], Checkpoint.ConfigFile),
            Mutator.JsonOrBytes, (path, _) => LoadAndRun(Path.GetDirectoryName(path)!), log);
        FuzzHarness.AssertClean(o);
    }

    // ---------------------------------------------------------------- tokenizers

    const string Probe = "Hello world, the author's 123 books <s> <|eot_id|> é 😀\n\tend";

    static void LoadAndEncode(string dir)
    {
        var t = HfTokenizer.Load(dir);
        var ids = t.Encode(Probe);
        t.Decode(ids, skipSpecialTokens: false);
        t.Decode(ids);
    }

    /// <summary>Four real layouts: SentencePiece with byte fallback, Llama-3, Qwen2 (NFC), and Lethe's own trained BPE.</summary>
    List<(string Dir, byte[] Tokenizer, byte[] Config)> TokenizerFolders()
    {
        var list = new List<(string, byte[], byte[])>();
        var llama2Config = new JsonObject
        {
            ["add_bos_token"] = true, ["add_eos_token"] = false, ["legacy"] = false, ["tokenizer_class"] = "LlamaTokenizer",
            ["bos_token"] = new JsonObject { ["__type"] = "AddedToken", ["content"] = "<s>", ["lstrip"] = false, ["normalized"] = false, ["rstrip"] = false, ["single_word"] = false },
            ["eos_token"] = "</s>", ["unk_token"] = "<unk>", ["pad_token"] = null, ["model_max_length"] = 1e30,
            ["added_tokens_decoder"] = new JsonObject { ["0"] = new JsonObject { ["content"] = "<unk>", ["special"] = true } },
            ["chat_template"] = "{% for m in messages %}{{ bos_token + m['content'] + eos_token }}{% endfor %}",
        };
        var llama3Config = new JsonObject
        {
            ["bos_token"] = "<|begin_of_text|>", ["eos_token"] = "<|eot_id|>", ["model_max_length"] = 131072,
            ["tokenizer_class"] = "PreTrainedTokenizerFast", ["clean_up_tokenization_spaces"] = true,
            ["chat_template"] = new JsonArray(
                new JsonObject { ["name"] = "default", ["template"] = "{{ bos_token }}{% for m in messages %}{{ m.content }}<|eot_id|>{% endfor %}" },
                new JsonObject { ["name"] = "tool_use", ["template"] = "{{ tools }}" }),
            ["additional_special_tokens"] = new JsonArray("<|start_header_id|>", "<|end_header_id|>"),
        };
        var qwenConfig = new JsonObject { ["eos_token"] = "<|end_of_text|>", ["pad_token"] = "<|end_of_text|>", ["bos_token"] = null, ["tokenizer_class"] = "Qwen2Tokenizer", ["errors"] = "replace" };
        var sources = new (JsonObject Tokenizer, JsonObject Config)[]
        {
            (HandWrittenTokenizers.SentencePiece(), llama2Config),
            (HandWrittenTokenizers.Llama3Style(), llama3Config),
            (HandWrittenTokenizers.Llama3Style(HandWrittenTokenizers.Qwen2Pattern, new JsonObject { ["type"] = "NFC" }, ignoreMerges: false), qwenConfig),
        };
        for (int i = 0; i < sources.Length; i++)
        {
            string d = Folder($"tok{i}");
            File.WriteAllText(Path.Combine(d, "tokenizer.json"), sources[i].Tokenizer.ToJsonString());
            File.WriteAllText(Path.Combine(d, "tokenizer_config.json"), sources[i].Config.ToJsonString());
            list.Add((d, File.ReadAllBytes(Path.Combine(d, "tokenizer.json")), File.ReadAllBytes(Path.Combine(d, "tokenizer_config.json"))));
        }
        string trained = Folder("tok-trained");
        BpeTrainer.Train(["Hello world, the author's books.", "The author was born in 1970.", "é 😀 end"],
            new BpeTrainerOptions { VocabSize = 320, MinFrequency = 1, ChatTemplate = "{{ messages[0].content }}" }).Save(trained);
        list.Add((trained, File.ReadAllBytes(Path.Combine(trained, "tokenizer.json")), File.ReadAllBytes(Path.Combine(trained, "tokenizer_config.json"))));
        foreach (var (dir, _, _) in list) LoadAndEncode(dir);   // the seeds themselves are valid
        return list;
    }

    [Fact]
    public void TokenizerJson()
    {
        var folders = TokenizerFolders();
        var o = FuzzHarness.Run("tokenizer.json", Cases, SeedOffset + 3, folders.Select(f => f.Tokenizer).ToList(), k => Path.Combine(folders[k].Dir, "tokenizer.json"),
            Mutator.JsonOrBytes, (path, _) => LoadAndEncode(Path.GetDirectoryName(path)!), log);
        FuzzHarness.AssertClean(o);
    }

    [Fact]
    public void TokenizerConfigJson()
    {
        var folders = TokenizerFolders();
        var o = FuzzHarness.Run("tokenizer_config.json", Cases, SeedOffset + 4, folders.Select(f => f.Config).ToList(), k => Path.Combine(folders[k].Dir, "tokenizer_config.json"),
            Mutator.JsonOrBytes, (path, _) => LoadAndEncode(Path.GetDirectoryName(path)!), log);
        FuzzHarness.AssertClean(o);
    }

    // ---------------------------------------------------------------- datasets

    static List<QaItem> Records() => DataAssert.Sample().Concat(DataAssert.Sample().Select(i => i with { Question = i.Question + " again" })).ToList();

    static void Read(string path, int _) => DatasetReader.Read(path, allowQuestionOnly: path.Contains("questions-only"));

    [Fact]
    public void JsonArrayDataset()
    {
        string a = Path.Combine(Folder("json"), "forget10.json"), b = Path.Combine(Folder("json-questions-only"), "forget10.json");
        DatasetWriter.WriteJsonLines(a, Records());
        var seed = Encoding.UTF8.GetBytes("[" + string.Join(",\n", File.ReadAllLines(a)) + "]");
        var o = FuzzHarness.Run("JSON (array)", Cases, SeedOffset + 5, [seed, seed], k => k == 0 ? a : b, Mutator.JsonOrBytes, Read, log);
        FuzzHarness.AssertClean(o);
    }

    [Fact]
    public void JsonLinesDataset()
    {
        string a = Path.Combine(Folder("jsonl"), "forget10.jsonl"), b = Path.Combine(Folder("jsonl-questions-only"), "forget10.jsonl");
        DatasetWriter.WriteJsonLines(a, Records());
        var seed = File.ReadAllBytes(a);
        var o = FuzzHarness.Run("JSON Lines", Cases, SeedOffset + 6, [seed, seed], k => k == 0 ? a : b, Mutator.JsonLines, Read, log);
        FuzzHarness.AssertClean(o);
    }

    /// <summary>Bytes anywhere, or (half the time) in the last kilobyte, where Parquet keeps its metadata and footer.</summary>
    static (byte[], string) MutateParquet(Random r, byte[] file)
    {
        if (r.Next(2) == 0 || file.Length < 64) return Mutator.Bytes(r, file);
        int split = Math.Max(0, file.Length - 1024);
        var (tail, how) = Mutator.Bytes(r, file[split..]);
        return ([.. file[..split], .. tail], $"footer region (from byte {split}): {how}");
    }

    [Fact]
    public async Task ParquetDataset()
    {
        string d = Folder("parquet");
        string snappy = Path.Combine(d, "snappy.parquet"), plain = Path.Combine(d, "plain.parquet"), required = Path.Combine(d, "required.parquet");
        await ParquetTestFiles.WriteItems(snappy, Records(), rowGroupSize: 3);
        await ParquetTestFiles.WriteItems(plain, Records(), compression: CompressionMethod.None);
        await ParquetTestFiles.Write(required, Records().Select(i => new RequiredQaRow { Question = i.Question, Answer = i.Answer! }), compression: CompressionMethod.Gzip);
        var files = new[] { snappy, plain, required };
        var seeds = files.Select(File.ReadAllBytes).ToList();
        foreach (var f in files) DatasetReader.Read(f);
        var o = FuzzHarness.Run("Parquet", Cases, SeedOffset + 7, seeds, k => Path.Combine(d, "case" + k + ".parquet"), MutateParquet, Read, log);
        FuzzHarness.AssertClean(o);
    }
}
