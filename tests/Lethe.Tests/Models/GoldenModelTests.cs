using System.Text.Json;
using Lethe.Generation;
using Lethe.IO;
using Lethe.Models;
using Xunit;
using static TorchSharp.torch;

namespace Lethe.Tests.Models;

/// <summary>Every folder of ../shared/golden/hf-models reproduces its golden.json (see that folder's README).</summary>
public class GoldenModelTests
{
    const double Tolerance = 1e-4;

    public static IEnumerable<object[]> Folders()
    {
        var root = TestPaths.Shared is null ? null : Path.Combine(TestPaths.Shared, "golden", "hf-models");
        if (root is null || !Directory.Exists(root)) return new[] { new object[] { "(../shared missing)" } };
        return Directory.GetDirectories(root).Select(Path.GetFileName).Order().Select(n => new object[] { n! });
    }

    static (CausalLM Model, JsonElement Golden) Load(string name)
    {
        string dir = TestPaths.SharedPath("golden", "hf-models", name);
        var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "golden.json"))).RootElement;
        return (Checkpoint.Load(dir), golden);
    }

    internal static long[] Ids(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt64()).ToArray();
    static float[] Floats(JsonElement e) => e.EnumerateArray().Select(x => x.GetSingle()).ToArray();

    static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0; int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = Math.Abs(expected[i] - actual[i]);
            if (!(d <= worst)) { worst = d; at = i; }
        }
        Assert.True(worst <= Tolerance, $"{what}: max |diff| {worst:g4} at index {at} (expected {expected[Math.Max(at, 0)]}, got {actual[Math.Max(at, 0)]})");
    }

    static float[] Row(Tensor logits, long b, long t) => logits[b, t].to(ScalarType.Float32).data<float>().ToArray();

    [SharedTheory]
    [MemberData(nameof(Folders))]
    public void LogitsMatch(string name)
    {
        var (model, g) = Load(name);
        using var _ = no_grad();
        var a = g.GetProperty("seq_a");
        var ids = Ids(a.GetProperty("input_ids"));
        var logits = model.Forward(tensor(ids, new long[] { 1, ids.Length }));
        var all = a.GetProperty("logits_all").EnumerateArray().ToArray();
        for (int t = 0; t < ids.Length; t++) AssertClose(Floats(all[t]), Row(logits, 0, t), $"{name} seq_a position {t}");

        var b = g.GetProperty("seq_b");
        var idsB = Ids(b.GetProperty("input_ids"));
        var logitsB = model.Forward(tensor(idsB, new long[] { 1, idsB.Length }));
        AssertClose(Floats(b.GetProperty("logits_last")), Row(logitsB, 0, idsB.Length - 1), $"{name} seq_b last");
    }

    [SharedTheory]
    [MemberData(nameof(Folders))]
    public void LeftPaddedBatchLogitsMatch(string name)
    {
        var (model, g) = Load(name);
        using var _ = no_grad();
        var batch = g.GetProperty("batch_left_padded");
        long[] Flat(string k) => batch.GetProperty(k).EnumerateArray().SelectMany(Ids).ToArray();
        var ids = tensor(Flat("input_ids"), new long[] { 2, 20 });
        var mask = tensor(Flat("attention_mask"), new long[] { 2, 20 });
        var pos = tensor(Flat("position_ids"), new long[] { 2, 20 });
        var logits = model.Forward(ids, mask, pos);
        Assert.False(logits.isnan().any().item<bool>(), "padded positions produced NaN");
        var expected = batch.GetProperty("logits_last").EnumerateArray().ToArray();
        for (int r = 0; r < 2; r++) AssertClose(Floats(expected[r]), Row(logits, r, 19), $"{name} batch row {r}");
    }

    [SharedTheory]
    [MemberData(nameof(Folders))]
    public void GreedyTokensMatchWithAndWithoutCache(string name)
    {
        var (model, g) = Load(name);
        var gen = new BatchedGenerator(model);
        int n = g.GetProperty("num_new_tokens").GetInt32();
        var seqs = new[] { "seq_a", "seq_b" }.Select(k => g.GetProperty(k)).ToArray();
        var prompts = seqs.Select(s => (IReadOnlyList<int>)Ids(s.GetProperty("input_ids")).Select(x => (int)x).ToArray()).ToList();
        var expected = seqs.Select(s => Ids(s.GetProperty("greedy_new_tokens")).Select(x => (int)x).ToArray()).ToList();
        foreach (bool cache in new[] { true, false })
        {
            var o = new SamplingOptions { MaxNewTokens = n, Greedy = true, UseCache = cache };
            for (int i = 0; i < 2; i++)
                Assert.Equal(expected[i], gen.Generate(new[] { prompts[i] }, o)[0]);
            // Left-padded batch of both: row 0 (seq_a, shorter) is padded on the left.
            var batched = gen.Generate(prompts, o);
            Assert.Equal(expected[0], batched[0]);
            Assert.Equal(expected[1], batched[1]);
        }
    }

    [SharedTheory]
    [MemberData(nameof(Folders))]
    public void GreedyFinalStepLogitsMatch(string name)
    {
        var (model, g) = Load(name);
        using var _ = no_grad();
        foreach (var key in new[] { "seq_a", "seq_b" })
        {
            var s = g.GetProperty(key);
            var ids = Ids(s.GetProperty("input_ids")).Concat(Ids(s.GetProperty("greedy_new_tokens")).SkipLast(1)).ToArray();
            // Cached: prompt in one pass, then one token per pass.
            int promptLen = ids.Length - 15;
            using var cache = model.NewCache(1, ids.Length);
            var logits = model.Forward(tensor(ids[..promptLen], new long[] { 1, promptLen }), cache: cache);
            for (int i = promptLen; i < ids.Length; i++)
                logits = model.Forward(tensor(new[] { ids[i] }, new long[] { 1, 1 }), cache: cache);
            AssertClose(Floats(s.GetProperty("greedy_final_step_logits")), Row(logits, 0, 0), $"{name} {key} cached final step");
        }
    }
}
