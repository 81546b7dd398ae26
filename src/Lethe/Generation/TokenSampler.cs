using static TorchSharp.torch;

namespace Lethe.Generation;

/// <summary>
/// Picks the next token of every row from last-position logits, with transformers' semantics (temperature, then
/// top-k, then top-p over the renormalised distribution). Only the cheap, parallel work runs in libtorch — one
/// softmax and one top-k — and a single transfer brings the candidates to the host, where the nucleus is cut and
/// the draw made with <see cref="Rng"/>, whose state is four numbers a checkpoint can store (libtorch's generator
/// state is opaque), so sampling is reproducible and resumable. No full-vocabulary sort unless a row's nucleus
/// really is larger than the candidates (a flat distribution); then only that row is sorted.
/// </summary>
public static class TokenSampler
{
    /// <summary>Candidates brought to the host per row before top-p.</summary>
    public const int PrefilterK = 256;

    public static long[] Next(Tensor lastLogits, SamplingOptions o, Rng rng)
    {
        using var scope = NewDisposeScope();
        var logits = lastLogits.to(ScalarType.Float32);
        if (o.Greedy) return logits.argmax(-1).data<long>().ToArray();

        int rows = (int)logits.shape[0];
        long vocab = logits.shape[^1];
        bool userTopK = o.TopK > 0;
        int k = (int)(userTopK ? Math.Min(o.TopK, vocab) : o.TopP >= 1 ? vocab : Math.Min(PrefilterK, vocab));
        var probs = (logits / o.Temperature).softmax(-1);
        float[] p;
        long[]? ids = null;   // null: position = token id (the distribution as it is, unordered)
        if (!userTopK && o.TopP >= 1)
            p = probs.contiguous().data<float>().ToArray();   // plain temperature sampling needs no ordering
        else
        {
            var (pv, pi) = probs.topk(k, dim: -1, largest: true, sorted: true);
            p = pv.contiguous().data<float>().ToArray();
            ids = pi.contiguous().data<long>().ToArray();
        }

        var result = new long[rows];
        for (int r = 0; r < rows; r++)
        {
            var rowP = new ArraySegment<float>(p, r * k, k);
            IList<long>? rowIds = ids is null ? null : (IList<long>)new ArraySegment<long>(ids, r * k, k);
            if (!userTopK && o.TopP < 1 && k < vocab && Sum(rowP) < o.TopP)
            {
                // The nucleus reaches past the candidates: sort this row's whole distribution (rare on trained models).
                var (sv, si) = probs[r].sort(-1, descending: true);
                rowP = sv.data<float>().ToArray();
                rowIds = si.data<long>().ToArray();
            }
            result[r] = Draw(rowP, rowIds, o.TopP, renormalised: userTopK, rng);
        }
        return result;
    }

    /// <summary>
    /// Cuts the nucleus (a token stays while the mass of strictly better tokens is below top_p; after top-k the mass
    /// is measured over the kept tokens, as transformers renormalises there) and draws from it.
    /// </summary>
    static long Draw(IList<float> sortedProbs, IList<long>? ids, double topP, bool renormalised, Rng rng)
    {
        double scale = renormalised ? 1.0 / Sum(sortedProbs) : 1.0;
        int n = 0;
        double before = 0;
        while (n < sortedProbs.Count && (n == 0 || before < topP))
        {
            before += sortedProbs[n] * scale;
            n++;
        }
        double total = 0;
        for (int j = 0; j < n; j++) total += sortedProbs[j];
        double u = rng.NextDouble() * total, acc = 0;
        for (int j = 0; j < n; j++)
        {
            acc += sortedProbs[j];
            if (u < acc) return ids?[j] ?? j;
        }
        return ids?[n - 1] ?? n - 1;
    }

    static double Sum(IList<float> xs)
    {
        double s = 0;
        foreach (var x in xs) s += x;
        return s;
    }
}
