using Lethe.Models;
using static TorchSharp.torch;

namespace Lethe.Generation;

/// <summary>
/// The decoding loop as transformers' <c>generate</c> runs it, kept only so the benchmark can measure what Lethe's
/// own loop saves (never used for results): the input ids, the attention mask and every layer's keys and values grow
/// by concatenation each step; position ids are recomputed from the whole mask each step; the mask is turned into a
/// 4-D additive mask each step; top-p sorts the whole vocabulary (<see cref="ReferenceFaithfulSampler"/>); finished
/// rows stay in the batch, fed the pad token, until every row is done. The tokens it picks follow the same rules as
/// <see cref="BatchedGenerator"/>'s (greedy outputs are identical), only the random stream differs.
/// </summary>
public static class ReferenceFaithfulGeneration
{
    public static List<int[]> Run(CausalLM model, IReadOnlyList<IReadOnlyList<long>> rows, SamplingOptions o, Rng? rng)
    {
        int b = rows.Count, maxLen = rows.Max(r => r.Count);
        var device = model.Device;
        var generator = o.Greedy ? null : new Generator(rng!.NextUInt64(), device);
        using var outer = NewDisposeScope();
        using var cache = KvCache.Growing(model.Config.NumLayers, b);
        var inputIds = tensor(rows.SelectMany(r => Enumerable.Repeat((long)o.PadId, maxLen - r.Count).Concat(r)).ToArray(), new long[] { b, maxLen }, device: device);
        var mask = tensor(rows.SelectMany(r => Enumerable.Repeat(0L, maxLen - r.Count).Concat(Enumerable.Repeat(1L, r.Count))).ToArray(), new long[] { b, maxLen }, device: device);
        var unfinished = ones(b, ScalarType.Int64, device);
        var eos = tensor(o.EosIds.Select(e => (long)e).DefaultIfEmpty(-1).ToArray(), device: device);
        var newTokens = new List<Tensor>();
        for (int step = 0; step < o.MaxNewTokens; step++)
        {
            using var scope = NewDisposeScope();
            // prepare_inputs_for_generation: positions from the whole mask, then the uncached tail of the ids.
            var positions = (mask.cumsum(-1) - 1).masked_fill(mask.eq(0), 1);
            long fresh = inputIds.shape[1] - cache.Length;
            var logits = model.Forward(inputIds.narrow(1, cache.Length, fresh), mask, positions.narrow(1, cache.Length, fresh), cache);
            var last = logits.select(1, -1).to(ScalarType.Float32);
            var next = o.Greedy ? last.argmax(-1) : ReferenceFaithfulSampler.Next(last, o, generator!);
            // Finished rows keep running and emit padding.
            next = next * unfinished + o.PadId * (1 - unfinished);
            inputIds = Swap(inputIds, cat(new[] { inputIds, next.unsqueeze(1) }, 1));
            mask = Swap(mask, cat(new[] { mask, ones(b, 1, ScalarType.Int64, device) }, 1));
            unfinished = Swap(unfinished, unfinished * next.unsqueeze(1).eq(eos.unsqueeze(0)).any(1).logical_not().to(ScalarType.Int64));
            newTokens.Add(next.MoveToOuterDisposeScope());
            if (unfinished.max().item<long>() == 0) break;   // one host sync per step, as transformers' stopping check
        }

        // Each row's tokens up to and including its first end token, as BatchedGenerator returns them.
        var all = stack(newTokens, 1).data<long>().ToArray();
        int steps = newTokens.Count;
        var endIds = o.EosIds.ToHashSet();
        var outputs = new List<int[]>(b);
        for (int r = 0; r < b; r++)
        {
            var row = new List<int>();
            for (int t = 0; t < steps; t++)
            {
                int id = (int)all[r * steps + t];
                row.Add(id);
                if (endIds.Contains(id)) break;
            }
            outputs.Add(row.ToArray());
        }
        return outputs;
    }

    static Tensor Swap(Tensor old, Tensor replacement)
    {
        replacement = replacement.MoveToOuterDisposeScope();
        old.Dispose();
        return replacement;
    }
}

/// <summary>
/// transformers' temperature, top-k and top-p warpers followed by <c>torch.multinomial</c>, all in libtorch: sort the
/// whole vocabulary ascending, softmax, cumulative sum, drop tokens whose cumulative mass is at most 1 − top_p,
/// scatter the verdict back to vocabulary order, renormalise, draw. For the reference-cost benchmark only;
/// <see cref="TokenSampler"/> gives the same distribution without the full sort.
/// </summary>
public static class ReferenceFaithfulSampler
{
    public static Tensor Next(Tensor lastLogits, SamplingOptions o, Generator generator)
    {
        var scores = lastLogits.to(ScalarType.Float32) / o.Temperature;
        if (o.TopK > 0 && o.TopK < scores.shape[^1])
        {
            var kth = scores.topk(o.TopK, dim: -1).values.narrow(-1, o.TopK - 1, 1);
            scores = scores.masked_fill(scores.lt(kth), float.NegativeInfinity);
        }
        if (o.TopP < 1)
        {
            var (sorted, order) = scores.sort(-1, descending: false);
            var cumulative = sorted.softmax(-1).cumsum(-1);
            var remove = cumulative.le(1 - o.TopP);
            remove.narrow(-1, remove.shape[^1] - 1, 1).fill_(false);   // min_tokens_to_keep = 1
            scores = scores.masked_fill(remove.scatter(-1, order, remove), float.NegativeInfinity);
        }
        return multinomial(scores.softmax(-1), 1, false, generator).squeeze(1);
    }
}
