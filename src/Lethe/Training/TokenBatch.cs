using Lethe.Data;
using Lethe.Models;
using static TorchSharp.torch;

namespace Lethe.Training;

/// <summary>
/// Examples padded on the right to the longest in the batch (not to max_length, as the reference does: the padding
/// is pure waste). Right padding needs no attention mask in training: a real token never attends to later slots.
/// Labels hold the next-token targets, −100 where no loss is taken (prompt and padding).
/// When every row begins with the same tokens and none of them is predicted (a chat template's system block and user
/// header are ~23 of a demo pair's ~41 tokens), <see cref="Logits"/> runs that prefix once instead of once per row.
/// </summary>
public sealed class TokenBatch : IDisposable
{
    public const long Ignore = -100;

    /// <summary>Shorter common prefixes are run per row: two extra model calls cost more than they save.</summary>
    public const int MinSharedPrefix = 8;

    public Tensor InputIds { get; }
    public Tensor Labels { get; }
    public int Count { get; }

    /// <summary>
    /// Leading tokens every row has in common whose logits no label needs (0 when fewer than
    /// <see cref="MinSharedPrefix"/>): the logit at position t predicts token t + 1, so the prefix stops one token
    /// before the first labelled position of any row.
    /// </summary>
    public int SharedPrefix { get; }

    TokenBatch(Tensor ids, Tensor labels, int count, int sharedPrefix)
    {
        InputIds = ids; Labels = labels; Count = count; SharedPrefix = sharedPrefix;
    }

    public static TokenBatch Collate(IReadOnlyList<EncodedExample> examples, int padId, Device? device = null, int? padTo = null)
    {
        if (examples.Count == 0) throw new ArgumentException("empty batch");
        int len = Math.Max(padTo ?? 0, examples.Max(e => e.Ids.Length));
        var ids = new long[examples.Count * len];
        var labels = new long[examples.Count * len];
        for (int b = 0; b < examples.Count; b++)
        {
            var e = examples[b];
            for (int t = 0; t < len; t++)
            {
                bool real = t < e.Ids.Length;
                ids[b * len + t] = real ? e.Ids[t] : padId;
                labels[b * len + t] = real && t >= e.LossStart ? e.Ids[t] : Ignore;
            }
        }
        var shape = new long[] { examples.Count, len };
        return new TokenBatch(tensor(ids, shape, device: device), tensor(labels, shape, device: device), examples.Count, SharedPrefixOf(examples));
    }

    static int SharedPrefixOf(IReadOnlyList<EncodedExample> examples)
    {
        var first = examples[0].Ids;
        int prefix = examples.Min(e => e.Ids.Length) - 1;   // every row keeps a token after the prefix
        foreach (var e in examples)
        {
            if (e.AnswerTokens > 0) prefix = Math.Min(prefix, e.LossStart - 1);
            int common = 0;
            while (common < prefix && e.Ids[common] == first[common]) common++;
            prefix = common;
            if (prefix < MinSharedPrefix) return 0;   // pretraining blocks and plain prompts stop here
        }
        return prefix;
    }

    /// <summary>
    /// The model's logits from position <see cref="SharedPrefix"/> on, and the labels of those positions: what
    /// <see cref="TokenLoss"/> needs, the same values as the full forward's (up to float rounding), for less work.
    /// </summary>
    public (Tensor Logits, Tensor Labels) Logits(CausalLM model)
        => (model.ForwardAfterSharedPrefix(InputIds, SharedPrefix), Labels.narrow(1, SharedPrefix, Labels.shape[1] - SharedPrefix));

    public void Dispose()
    {
        InputIds.Dispose();
        Labels.Dispose();
    }
}
