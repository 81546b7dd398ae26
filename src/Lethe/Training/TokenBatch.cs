using Lethe.Data;
using static TorchSharp.torch;

namespace Lethe.Training;

/// <summary>
/// Examples padded on the right to the longest in the batch (not to max_length, as the reference does: the padding
/// is pure waste). Right padding needs no attention mask in training: a real token never attends to later slots.
/// Labels hold the next-token targets, −100 where no loss is taken (prompt and padding).
/// </summary>
public sealed class TokenBatch : IDisposable
{
    public const long Ignore = -100;

    public Tensor InputIds { get; }
    public Tensor Labels { get; }
    public int Count { get; }

    TokenBatch(Tensor ids, Tensor labels, int count) { InputIds = ids; Labels = labels; Count = count; }

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
        return new TokenBatch(tensor(ids, shape, device: device), tensor(labels, shape, device: device), examples.Count);
    }

    public void Dispose()
    {
        InputIds.Dispose();
        Labels.Dispose();
    }
}
