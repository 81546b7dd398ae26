using Lethe.Data;
using Lethe.Models;
using Lethe.Tests.IO;
using Lethe.Training;
using Lethe.Unlearning;
using Xunit;
using static TorchSharp.torch;

namespace Lethe.Tests.Models;

/// <summary>
/// bf16 mixed precision (<c>bf16: true</c>): matrix products in bfloat16, everything else — weights, gradients,
/// optimizer state, logits — float32; off outside its scope; refused together with bfloat16 weights.
/// </summary>
public class AutocastTests
{
    static readonly long[] Ids = [3, 14, 15, 9, 26, 5, 35, 8, 11, 40];

    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    [InlineData("phi")]
    [InlineData("gpt2")]
    public void Matrix_products_run_in_bf16_only_inside_the_scope(string type)
    {
        using var scope = NewDisposeScope();
        using var model = CheckpointTests.Random(CheckpointTests.TinyConfig(type), seed: 3);
        var ids = tensor(Ids, [1, Ids.Length]);
        using var noGrad = no_grad();
        var f32 = model.Forward(ids);
        Tensor mixed;
        using (Autocast.Enable(ScalarType.BFloat16)) mixed = model.Forward(ids);
        var after = model.Forward(ids);

        Assert.Equal(ScalarType.Float32, mixed.dtype);
        Assert.Null(Autocast.Current);
        Assert.True(after.equal(f32).all().item<bool>(), "the scope ended: float32 again, bit for bit");
        // bf16 keeps 8 bits of mantissa: close to float32, and not equal to it (the products really were bf16).
        float diff = (mixed - f32).abs().max().item<float>(), scale = f32.abs().max().item<float>();
        Assert.True(diff > 0, $"{type}: autocast changed nothing");
        Assert.True(diff < 0.05 * scale, $"{type}: bf16 logits differ by {diff} (largest logit {scale})");
    }

    [Fact]
    public void A_mixed_precision_step_keeps_float32_weights_and_optimizer_state_and_learns()
    {
        using var scope = NewDisposeScope();
        using var model = CheckpointTests.Random(CheckpointTests.TinyConfig("llama"), seed: 4);
        var example = new EncodedExample(Ids.Select(i => (int)i).ToArray(), 4);
        using var trainer = new Trainer(model, new TrainerOptions { LearningRate = 1e-2, TotalSteps = 20, WeightDecay = 0, Autocast = ScalarType.BFloat16 });
        var losses = new List<double>();
        ScalarType? inside = null;
        for (int s = 0; s < 20; s++)
            losses.Add(trainer.TrainStep(_ =>
            {
                inside = Autocast.Current;
                using var tb = TokenBatch.Collate([example], padId: 0);
                var loss = TokenLoss.Mean(model.Forward(tb.InputIds), tb.Labels);
                return new MicroBatchLoss(loss, new Dictionary<string, Tensor> { ["loss"] = loss.detach() });
            })["loss"]);
        Assert.Equal(ScalarType.BFloat16, inside);
        Assert.Null(Autocast.Current);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.All(trainer.OptimizerStates(), s => Assert.Equal(ScalarType.Float32, s.State.exp_avg.dtype));
        Assert.True(losses[^1] < 0.5 * losses[0], $"loss {losses[0]:F3} -> {losses[^1]:F3}");
    }

    [Fact]
    public void The_config_key_is_bf16_and_it_refuses_bfloat16_weights()
    {
        var c = UnlearnConfig.Parse("bf16: true\n", "u.yaml");
        Assert.Equal(ScalarType.BFloat16, c.AutocastDType());
        Assert.Null(UnlearnConfig.Parse("max_length: 64\n", "u.yaml").AutocastDType());
        // It survives a YAML round trip (runs and checkpoints serialize their config) and nothing else is added.
        var back = ConfigYaml.Deserialize<UnlearnConfig>(ConfigYaml.Serialize(c), "round trip")!;
        Assert.True(back.Bf16);
        var both = ConfigYaml.Deserialize<TrainConfig>("bf16: true\ndtype: bfloat16\n", "t.yaml")!;
        var e = Assert.Throws<LetheException>(() => both.Validate("t.yaml"));
        Assert.Contains("t.yaml", e.Message);
        Assert.Contains("bf16", e.Message);
    }
}
