using Lethe.Data;
using Lethe.Models;
using Lethe.Training;
using static TorchSharp.torch;

namespace Lethe.Evaluation;

/// <summary>
/// Mean per-token negative log-likelihood of the labelled part (from <see cref="EncodedExample.LossStart"/>) of many
/// sequences: answer NLLs, and the fluency of generated text under a reference model.
/// </summary>
public static class SequenceNll
{
    /// <summary>
    /// One value per example, in order: the NLL summed over its labelled tokens divided by their number, in nats;
    /// null for an example with no labelled token. Examples are batched by length to keep padding small.
    /// </summary>
    public static double?[] MeanPerToken(CausalLM model, IReadOnlyList<EncodedExample> examples, int batchSize, int padId)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize));
        int vocab = model.Config.VocabSize, positions = model.Config.MaxPositions;
        for (int i = 0; i < examples.Count; i++)
        {
            if (examples[i].Ids.Length > positions)
                throw new LetheException($"sequence {i + 1} has {examples[i].Ids.Length} tokens, more than the scoring model's {positions} positions");
            foreach (int id in examples[i].Ids)
                if (id < 0 || id >= vocab)
                    throw new LetheException($"token id {id} (sequence {i + 1}) is outside the vocabulary of the scoring model (size {vocab}); does it share the tokenizer?");
        }
        if (padId < 0 || padId >= vocab) padId = 0;   // right padding is never attended to, so any valid id will do

        var result = new double?[examples.Count];
        var order = Enumerable.Range(0, examples.Count).OrderBy(i => examples[i].Ids.Length).ToArray();
        model.eval();
        using var noGrad = no_grad();
        for (int start = 0; start < order.Length; start += batchSize)
        {
            var idx = order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray();
            var real = idx.Where(i => examples[i].AnswerTokens > 0).ToArray();
            if (real.Length == 0) continue;
            using var scope = NewDisposeScope();
            using var batch = TokenBatch.Collate(real.Select(i => examples[i]).ToList(), padId, model.Device);
            var (logits, labels) = batch.Logits(model);
            var (sum, count) = TokenLoss.PerSequence(logits, labels);
            var sums = sum.cpu().data<float>().ToArray();
            var counts = count.cpu().data<float>().ToArray();
            for (int k = 0; k < real.Length; k++)
                if (counts[k] > 0) result[real[k]] = (double)sums[k] / counts[k];
        }
        return result;
    }
}
