using System.Text.Json.Nodes;
using Lethe.IO;
using Lethe.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Lethe.Tests.IO;

public class CheckpointTests
{
    internal static ModelConfig TinyConfig(string type, bool tied = false, JsonObject? ropeScaling = null)
    {
        var j = new JsonObject
        {
            ["model_type"] = type, ["vocab_size"] = 50, ["hidden_size"] = 32, ["intermediate_size"] = 48,
            ["num_hidden_layers"] = 2, ["num_attention_heads"] = 4, ["num_key_value_heads"] = type == "phi" ? 4 : 2,
            ["max_position_embeddings"] = 64, ["tie_word_embeddings"] = tied, ["rope_scaling"] = ropeScaling,
            ["partial_rotary_factor"] = type == "phi" ? 0.5 : null,
            ["n_embd"] = 32, ["n_layer"] = 2, ["n_head"] = 4, ["n_positions"] = 64,
        };
        return new ModelConfig(j, $"(test {type})");
    }

    internal static CausalLM Random(ModelConfig c, long seed = 1)
    {
        var m = ModelFactory.Create(c);
        m.InitializeWeights(seed, std: 0.2);
        return m;
    }

    static Tensor Ids => tensor(new long[] { 3, 14, 15, 9, 26, 5, 35, 8 }, new long[] { 1, 8 });

    static float[] Logits(CausalLM m)
    {
        using var _ = no_grad();
        return m.Forward(Ids).flatten().data<float>().ToArray();
    }

    static Dictionary<string, float[]> Params(CausalLM m)
        => m.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().flatten().data<float>().ToArray());

    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    [InlineData("phi")]
    [InlineData("gpt2")]
    public void SaveLoadRoundTripIsBitExact(string type)
    {
        using var dir = TestPaths.Temp();
        var m = Random(TinyConfig(type));
        Checkpoint.Save(m, dir.Path);
        var back = Checkpoint.Load(dir.Path);
        var (a, b) = (Params(m), Params(back));
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var k in a.Keys) Assert.True(a[k].SequenceEqual(b[k]), $"{type}: parameter {k} changed in the round trip");
        Assert.Equal(Logits(m), Logits(back));
        Assert.Equal(type, ModelConfig.Load(dir.File("config.json")).ModelType);
    }

    [Fact]
    public void ShardedSaveLoadsBack()
    {
        using var dir = TestPaths.Temp();
        var m = Random(TinyConfig("llama"));
        Checkpoint.Save(m, dir.Path, maxShardBytes: 8 * 1024);
        Assert.True(File.Exists(dir.File(Checkpoint.IndexFile)));
        Assert.False(File.Exists(dir.File(Checkpoint.SingleFile)));
        var shards = Directory.GetFiles(dir.Path, "model-*-of-*.safetensors");
        Assert.True(shards.Length > 2, $"expected several shards, got {shards.Length}");
        var index = JsonNode.Parse(File.ReadAllText(dir.File(Checkpoint.IndexFile)))!;
        Assert.Equal(m.parameters().Sum(p => p.numel() * 4), index["metadata"]!["total_size"]!.GetValue<long>());
        Assert.Equal(Logits(m), Logits(Checkpoint.Load(dir.Path)));
    }

    [Fact]
    public void Bf16StorageLoadsAsRoundedFloat32()
    {
        using var dir = TestPaths.Temp();
        var m = Random(TinyConfig("qwen2"));
        Checkpoint.Save(m, dir.Path, storage: SafeTensorsDType.BF16);
        using (var f = SafeTensorsFile.Open(dir.File(Checkpoint.SingleFile)))
            Assert.All(f.Entries, e => Assert.Equal(SafeTensorsDType.BF16, e.DType));
        Assert.Equal("bfloat16", JsonNode.Parse(File.ReadAllText(dir.File("config.json")))!["torch_dtype"]!.GetValue<string>());
        var loaded = Checkpoint.Load(dir.Path);
        // Expected: the same weights rounded to bf16 (nearest even) and widened back, computed in float32.
        using (no_grad()) m.to(ScalarType.BFloat16).to(ScalarType.Float32);
        Assert.Equal(Logits(m), Logits(loaded));
        // And computing in bf16 on request gives bf16 logits close to the float32 ones.
        var bf = Checkpoint.Load(dir.Path, ScalarType.BFloat16);
        Assert.Equal(ScalarType.BFloat16, bf.DType);
        using (no_grad())
        {
            var diff = (bf.Forward(Ids).to(ScalarType.Float32) - loaded.Forward(Ids)).abs().max().item<float>();
            Assert.True(diff < 0.5, $"bf16 compute drifted by {diff}");
        }
    }

    [Fact]
    public void TiedQwen2UsesTheEmbeddingAsHead()
    {
        using var dir = TestPaths.Temp();
        var tied = Random(TinyConfig("qwen2", tied: true));
        Assert.DoesNotContain(tied.named_parameters(), p => p.name == "lm_head.weight");
        Checkpoint.Save(tied, dir.Path);
        using (var f = SafeTensorsFile.Open(dir.File(Checkpoint.SingleFile))) Assert.False(f.Contains("lm_head.weight"));
        // An untied model whose head is a copy of the embedding must give the same logits.
        var untied = ModelFactory.Create(TinyConfig("qwen2", tied: false));
        using (no_grad())
        {
            var src = tied.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (name, p) in untied.named_parameters())
                p.copy_(name == "lm_head.weight" ? src["model.embed_tokens.weight"] : src[name]);
        }
        Assert.Equal(Logits(untied), Logits(Checkpoint.Load(dir.Path)));
    }

    [SharedFact]
    public void Gpt2WithoutTransformerPrefixLoads()
    {
        using var dir = TestPaths.Temp();
        string golden = TestPaths.SharedPath("golden", "hf-models", "gpt2-tiny");
        File.Copy(Path.Combine(golden, "config.json"), dir.File("config.json"));
        using (var f = SafeTensorsFile.Open(Path.Combine(golden, "model.safetensors")))
        {
            var blobs = f.Entries.Select(e => new SafeTensorsBlob(e.Name.Replace("transformer.", ""), e.DType, e.Shape, f.ReadBytes(e.Name))).ToList();
            Assert.All(blobs, b => Assert.DoesNotContain("transformer.", b.Name));
            SafeTensorsWriter.Write(dir.File("model.safetensors"), blobs);
        }
        Assert.Equal(Logits(Checkpoint.Load(golden)), Logits(Checkpoint.Load(dir.Path)));
    }

    [Fact]
    public void Llama3RopeScalingFollowsItsThreeBands()
    {
        // Llama 3.2's values: factor 32, low 1, high 4, original context 8192, theta 500000, head_dim 64.
        var scaling = new JsonObject { ["rope_type"] = "llama3", ["factor"] = 32.0, ["low_freq_factor"] = 1.0, ["high_freq_factor"] = 4.0, ["original_max_position_embeddings"] = 8192 };
        var plain = new RotaryEmbedding(64, 500000, null, "t").InvFreq.data<float>().ToArray();
        var scaled = new RotaryEmbedding(64, 500000, scaling, "t").InvFreq.data<float>().ToArray();
        int high = 0, low = 0, mid = 0;
        for (int j = 0; j < plain.Length; j++)
        {
            double wavelen = 2 * Math.PI / plain[j];
            if (wavelen < 8192 / 4.0) { Assert.Equal(plain[j], scaled[j]); high++; }
            else if (wavelen > 8192 / 1.0) { Assert.Equal(plain[j] / 32, scaled[j], 1e-6 * plain[j]); low++; }
            else
            {
                // Blend: between inv_freq/32 and inv_freq, weighted by where the wavelength falls.
                double s = (8192 / wavelen - 1) / (4 - 1);
                Assert.Equal((1 - s) * plain[j] / 32 + s * plain[j], scaled[j], 1e-5 * plain[j]);
                Assert.InRange(scaled[j], plain[j] / 32, plain[j]);
                mid++;
            }
        }
        Assert.True(high > 0 && low > 0 && mid > 0, $"bands: high {high}, mid {mid}, low {low}");
        // And a model built with it runs and differs from the unscaled one at long positions.
        var c = TinyConfig("llama", ropeScaling: new JsonObject { ["rope_type"] = "llama3", ["factor"] = 8.0, ["low_freq_factor"] = 1.0, ["high_freq_factor"] = 4.0, ["original_max_position_embeddings"] = 16 });
        var a = Random(c);
        var b = Random(TinyConfig("llama"));
        Assert.NotEqual(Logits(a), Logits(b));
    }

    [Fact]
    public void VocabularyMismatchIsNamed()
    {
        using var dir = TestPaths.Temp();
        Checkpoint.Save(Random(TinyConfig("llama")), dir.Path);
        var cfg = JsonNode.Parse(File.ReadAllText(dir.File("config.json")))!;
        cfg["vocab_size"] = 60;
        File.WriteAllText(dir.File("config.json"), cfg.ToJsonString());
        var e = Assert.Throws<LetheException>(() => Checkpoint.Load(dir.Path));
        Assert.Contains("model.embed_tokens.weight", e.Message);
        Assert.Contains("mismatch", e.Message);
    }

    [Fact]
    public void UnknownModelTypeIsRefused()
    {
        using var dir = TestPaths.Temp();
        File.WriteAllText(dir.File("config.json"), "{\"model_type\": \"mamba\"}");
        var e = Assert.Throws<LetheException>(() => Checkpoint.Load(dir.Path));
        Assert.Contains("unsupported model_type 'mamba'", e.Message);
    }
}
