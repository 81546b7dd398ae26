using static TorchSharp.torch;

namespace Lethe.Generation;

/// <summary>
/// Picks the next token of every row from last-position logits. Filtering runs in libtorch; the final draw runs on
/// the host with <see cref="Rng"/>, whose state is four numbers a checkpoint can store (libtorch's generator state
/// is opaque), so sampling is reproducible across runs and resumable mid-way.
/// </summary>
public static class TokenSampler
{
    /// <summary>Candidates looked at before top-p; widened only for rows whose nucleus is larger.</summary>
    public const int PrefilterK = 256;

    public static long[] Next(Tensor lastLogits, SamplingOptions o, Rng rng)
    {
        using var scope = NewDisposeScope();
        var logits = lastLogits.to(ScalarType.Float32);
        if (o.Greedy) return logits.argmax(-1).data<long>().ToArray();

        logits = logits / o.Temperature;
        long vocab = logits.shape[^1];
        bool userTopK = o.TopK > 0;
        long k = userTopK ? Math.Min(o.TopK, vocab) : (o.TopP < 1 && !o.ReferenceFaithful ? Math.Min(PrefilterK, vocab) : vocab);

        while (true)
        {
            // Sorted descending; when k = vocab this is the reference's full sort.
            var (vals, idx) = logits.topk((int)k, dim: -1, largest: true, sorted: true);
            if (o.TopP < 1)
            {
                // After top-k, transformers renormalises over the kept tokens; without it, over the whole vocabulary.
                var logZ = userTopK ? vals.logsumexp(-1, keepdim: true) : logits.logsumexp(-1, keepdim: true);
                var probs = (vals - logZ).exp();
                var cum = probs.cumsum(-1);
                // A token stays if the mass of strictly better tokens is below top_p (the best always stays).
                var keep = (cum - probs).lt(o.TopP);
                if (!userTopK && k < vocab)
                {
                    // If a row's k candidates hold less than top_p, its nucleus may extend past them: widen k.
                    bool widen = cum.select(-1, k - 1).lt(o.TopP).any().item<bool>();
                    if (widen) { k = Math.Min(vocab, k * 4); continue; }
                }
                vals = vals.masked_fill(keep.logical_not(), double.NegativeInfinity);
            }
            var p = vals.softmax(-1).contiguous();
            return Draw(p.data<float>().ToArray(), idx.contiguous().data<long>().ToArray(), (int)p.shape[0], (int)k, rng);
        }
    }

    static long[] Draw(float[] probs, long[] ids, int rows, int k, Rng rng)
    {
        var result = new long[rows];
        for (int r = 0; r < rows; r++)
        {
            double u = rng.NextDouble(), acc = 0, total = 0;
            for (int j = 0; j < k; j++) total += probs[r * k + j];
            u *= total;   // the float32 softmax may not sum to exactly 1
            int pick = -1;
            for (int j = 0; j < k; j++)
            {
                float pj = probs[r * k + j];
                if (pj <= 0) continue;
                pick = j;
                acc += pj;
                if (u < acc) break;
            }
            result[r] = ids[r * k + Math.Max(pick, 0)];
        }
        return result;
    }
}
