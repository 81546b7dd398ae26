using Lethe.Data;
using Lethe.Evaluation;
using Lethe.Tests.IO;
using Lethe.Training;
using Xunit;
using static TorchSharp.torch;

namespace Lethe.Tests.Evaluation;

/// <summary>
/// A sequence's mean answer NLL does not depend on the batch it is scored in: PMC's fluency score batches a step's
/// samples by length, evaluation by its batch size, and each row must come out as if scored alone.
/// </summary>
public class SequenceNllTests
{
    [Fact]
    public void Each_value_is_the_sequence_scored_alone_whatever_the_batching()
    {
        using var scope = NewDisposeScope();
        using var model = CheckpointTests.Random(CheckpointTests.TinyConfig("llama"), seed: 8);
        var rng = new Rng(2);
        int[] Tokens(int n) => Enumerable.Range(0, n).Select(_ => 1 + rng.NextInt(48)).ToArray();
        int[] shared = Tokens(9);
        var examples = new List<EncodedExample>();
        for (int i = 0; i < 11; i++)
        {
            // A shared 9-token start (as a chat template's) with prompts and answers of every length up to 30.
            var prompt = shared.Concat(Tokens(1 + i % 4)).ToArray();
            examples.Add(new EncodedExample([.. prompt, .. Tokens(1 + (i * 7) % 30)], prompt.Length));
        }
        examples.Add(new EncodedExample(Tokens(6), 6));   // no answer: no value

        double?[] alone = examples.Select(e => SequenceNll.MeanPerToken(model, [e], 1, 0)[0]).ToArray();
        Assert.Null(alone[^1]);
        foreach (int batch in new[] { 3, 16 })
        {
            var batched = SequenceNll.MeanPerToken(model, examples, batch, 0);
            for (int i = 0; i < examples.Count; i++)
                if (alone[i] is double a) Assert.Equal(a, batched[i]!.Value, 4);
                else Assert.Null(batched[i]);
        }
        // And alone is the plain definition: summed NLL of the answer tokens over their number.
        using var noGrad = no_grad();
        var e0 = examples[5];
        using var tb = TokenBatch.Collate([e0], 0);
        var (sum, count) = TokenLoss.PerSequence(model.Forward(tb.InputIds), tb.Labels);
        Assert.Equal(sum.item<float>() / count.item<float>(), alone[5]!.Value, 4);
    }
}
