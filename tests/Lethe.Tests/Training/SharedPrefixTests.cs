using Lethe.Data;
using Lethe.Models;
using Lethe.Tests.IO;
using Lethe.Training;
using Xunit;
using static TorchSharp.torch;

namespace Lethe.Tests.Training;

/// <summary>
/// A prefix every row shares runs once: the loss, its gradient and the per-sequence NLL must be those of the full
/// forward, on every model family, and the prefix must never reach a position whose logit a label needs.
/// </summary>
public class SharedPrefixTests
{
    // Rows of a chat-like batch: 10 shared tokens (system block), then a question, then the answer (the loss part).
    static readonly int[] Shared = [1, 7, 7, 12, 30, 4, 4, 9, 21, 2];

    static EncodedExample Row(int[] question, int[] answer) => new([.. Shared, .. question, .. answer], Shared.Length + question.Length);

    static List<EncodedExample> Batch() =>
    [
        Row([5, 6, 8], [11, 12, 13, 3]),
        Row([5, 9], [14, 3]),
        Row([22, 23, 24, 25, 26], [27, 28, 29, 15, 16, 3]),
    ];

    [Fact]
    public void The_prefix_stops_before_the_first_predicted_position_and_where_rows_differ()
    {
        using (var b = TokenBatch.Collate(Batch(), padId: 0)) Assert.Equal(Shared.Length, b.SharedPrefix);
        // A row whose answer starts right after 9 shared tokens: the logit at position 8 is needed.
        var early = new EncodedExample([.. Shared[..9], 40, 41], 9);
        using (var b = TokenBatch.Collate([.. Batch(), early], padId: 0)) Assert.Equal(8, b.SharedPrefix);
        // Rows that part after 6 tokens share too little to be worth two extra model calls.
        var other = new EncodedExample([.. Shared[..6], 40, 41, 42, 43, 44, 45, 3], 12);
        using (var b = TokenBatch.Collate([.. Batch(), other], padId: 0)) Assert.Equal(0, b.SharedPrefix);
        // Pretraining blocks are predicted from their first token: nothing is shared.
        var block = new EncodedExample([.. Shared, 5, 6], 0);
        using (var b = TokenBatch.Collate([block, block], padId: 0)) Assert.Equal(0, b.SharedPrefix);
        // One row alone: its whole prompt but the last token.
        using (var b = TokenBatch.Collate([Batch()[2]], padId: 0)) Assert.Equal(Shared.Length + 4, b.SharedPrefix);
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    [InlineData("phi")]
    [InlineData("gpt2")]
    public void Loss_gradient_and_sequence_nll_match_the_full_forward(string type)
    {
        using var scope = NewDisposeScope();
        var config = CheckpointTests.TinyConfig(type);
        using var shared = CheckpointTests.Random(config, seed: 5);
        using var full = CheckpointTests.Random(config, seed: 5);
        using var batch = TokenBatch.Collate(Batch(), padId: 0);
        Assert.True(batch.SharedPrefix > 0);

        var (logits, labels) = batch.Logits(shared);
        Assert.Equal(batch.InputIds.shape[1] - batch.SharedPrefix, logits.shape[1]);
        var sharedLoss = TokenLoss.Mean(logits, labels);
        sharedLoss.backward();
        var fullLogits = full.Forward(batch.InputIds);
        var fullLoss = TokenLoss.Mean(fullLogits, batch.Labels);
        fullLoss.backward();

        Assert.Equal(fullLoss.item<float>(), sharedLoss.item<float>(), 5);
        // The logits of every position past the prefix, padding included, are the full forward's.
        var tail = fullLogits.narrow(1, batch.SharedPrefix, logits.shape[1]);
        Assert.True(logits.allclose(tail, rtol: 1e-4, atol: 1e-5), $"{type}: logits differ by {(logits - tail).abs().max().item<float>()}");
        var fullGrads = full.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        foreach (var (name, p) in shared.named_parameters())
        {
            var g = p.grad!;
            Assert.True(g.allclose(fullGrads[name], rtol: 1e-3, atol: 1e-6), $"{type}: gradient of {name} differs by {(g - fullGrads[name]).abs().max().item<float>()}");
        }
        // The gradient really reaches the shared tokens: their embedding rows move.
        var embed = shared.named_parameters().First(p => p.name.Contains("embed_tokens") || p.name.Contains("wte")).parameter.grad!;
        Assert.True(embed[Shared[4]].abs().sum().item<float>() > 0);

        var (sum, count) = TokenLoss.PerSequence(logits, labels);
        var (fullSum, fullCount) = TokenLoss.PerSequence(fullLogits, batch.Labels);
        Assert.Equal(fullCount.data<float>().ToArray(), count.data<float>().ToArray());
        Assert.True(sum.allclose(fullSum, rtol: 1e-4, atol: 1e-5));
    }
}
