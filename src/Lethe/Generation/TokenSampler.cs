using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Lethe.Generation;

/// <summary>
/// Picks the next token of every row from last-position logits, with transformers' semantics (temperature, then
/// top-k, then top-p over the renormalised distribution). libtorch does the one vectorised step — temperature and
/// softmax — and the host reads the probabilities in place (no copy); the nucleus is cut and the draw made with
/// <see cref="Rng"/>, whose state is four numbers a checkpoint can store (libtorch's generator state is opaque), so
/// sampling is reproducible and resumable. No sort of the vocabulary: only the tokens above a threshold that already
/// holds top_p of the mass are sorted (a handful on a trained model; the whole row only for a flat distribution).
/// </summary>
public static class TokenSampler
{
    // Per-thread scratch for the candidates of one row, grown to the vocabulary size once.
    [ThreadStatic] static float[]? _keys;
    [ThreadStatic] static int[]? _ids;

    public static long[] Next(Tensor lastLogits, SamplingOptions o, Rng rng)
    {
        using var scope = NewDisposeScope();
        var logits = lastLogits.to(ScalarType.Float32);
        if (o.Greedy) return logits.argmax(-1).data<long>().ToArray();

        int rows = (int)logits.shape[0];
        int vocab = (int)logits.shape[^1];
        var probs = (logits / o.Temperature).softmax(-1).cpu().contiguous();
        var result = new long[rows];
        if (o.TopK > 0 && o.TopK < vocab)
        {
            // top-k first (as transformers orders the warpers); k is small, so libtorch's topk is cheap here.
            var (pv, pi) = probs.topk(o.TopK, dim: -1, largest: true, sorted: true);
            var p = pv.contiguous().data<float>().ToArray();
            var ids = pi.contiguous().data<long>().ToArray();
            for (int r = 0; r < rows; r++)
                result[r] = ids[r * o.TopK + DrawSorted(p.AsSpan(r * o.TopK, o.TopK), o.TopP, renormalised: true, rng)];
            return result;
        }

        var all = MemoryMarshal.Cast<byte, float>(probs.bytes);   // the tensor's own memory, valid while it lives
        for (int r = 0; r < rows; r++)
        {
            var row = all.Slice(r * vocab, vocab);
            result[r] = o.TopP >= 1 ? DrawUnordered(row, rng) : DrawNucleus(row, o.TopP, rng);
        }
        return result;
    }

    /// <summary>Plain temperature sampling: a draw by position, no ordering needed.</summary>
    static long DrawUnordered(ReadOnlySpan<float> p, Rng rng)
    {
        double total = 0;
        foreach (var x in p) total += x;
        double u = rng.NextDouble() * total, acc = 0;
        for (int j = 0; j < p.Length; j++)
        {
            acc += p[j];
            if (u < acc) return j;
        }
        return p.Length - 1;
    }

    /// <summary>
    /// The nucleus of one row. Its tokens are a prefix of the row sorted by probability, so it lies within any set
    /// {p ≥ t} whose mass reaches top_p: the threshold starts near the top probability and is lowered until it does;
    /// only that set is sorted. If rounding leaves the sorted set just short of top_p, the whole row is sorted.
    /// </summary>
    static long DrawNucleus(ReadOnlySpan<float> p, double topP, Rng rng)
    {
        if (_keys is null || _keys.Length < p.Length)
        {
            _keys = new float[p.Length];
            _ids = new int[p.Length];
        }
        float max = 0;
        foreach (var x in p) if (x > max) max = x;
        for (float t = max / 16; ; t /= 64)
        {
            bool everything = t < 1e-30f;
            int n = 0;
            double mass = 0;
            for (int j = 0; j < p.Length; j++)
                if (everything || p[j] >= t)
                {
                    _keys[n] = -p[j];   // ascending sort of −p = descending p
                    _ids![n++] = j;
                    mass += p[j];
                }
            if (mass < topP && !everything) continue;
            var keys = _keys.AsSpan(0, n);
            var ids = _ids.AsSpan(0, n);
            keys.Sort(ids);
            int pick = DrawSorted(keys, topP, renormalised: false, rng, negated: true, requireReach: !everything);
            if (pick >= 0) return ids[pick];
            // Rounding: the sorted sum fell short of top_p; retry with every token.
            t = 0;
        }
    }

    /// <summary>
    /// Cuts the nucleus from probabilities sorted in descending order (a token stays while the mass of strictly
    /// better tokens is below top_p; after top-k the mass is measured over the kept tokens, as transformers
    /// renormalises there) and draws from it. With <paramref name="requireReach"/>, returns −1 when the listed
    /// tokens do not reach top_p (the caller then lists more).
    /// </summary>
    static int DrawSorted(ReadOnlySpan<float> sorted, double topP, bool renormalised, Rng rng, bool negated = false, bool requireReach = false)
    {
        double sign = negated ? -1 : 1;
        double scale = 1.0;
        if (renormalised)
        {
            double sum = 0;
            foreach (var x in sorted) sum += x;
            scale = 1.0 / sum;
        }
        int n = 0;
        double before = 0;
        while (n < sorted.Length && (n == 0 || before < topP))
        {
            before += sign * sorted[n] * scale;
            n++;
        }
        if (requireReach && before < topP) return -1;
        double total = 0;
        for (int j = 0; j < n; j++) total += sign * sorted[j];
        double u = rng.NextDouble() * total, acc = 0;
        for (int j = 0; j < n; j++)
        {
            acc += sign * sorted[j];
            if (u < acc) return j;
        }
        return n - 1;
    }
}
