using System.Numerics;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Lethe.Generation;

/// <summary>
/// Picks the next token of every row from last-position logits, with transformers' semantics (temperature, then
/// top-k, then top-p over the renormalised distribution). libtorch does the one vectorised step — temperature and
/// softmax — and the host reads the probabilities in place (no copy); the nucleus is cut and the draw made with
/// <see cref="Rng"/>, whose state is four numbers a checkpoint can store (libtorch's generator state is opaque), so
/// sampling is reproducible and resumable. No sort of the vocabulary: the nucleus's boundary is found by bisection
/// (see <see cref="DrawNucleus"/>), which costs the same for peaked and flat distributions.
/// </summary>
public static class TokenSampler
{
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
    /// The nucleus of one row without sorting it. The nucleus is the most probable tokens down to the value v* of its
    /// last member: the largest value for which the tokens at or above it hold at least top_p of the mass. v* is
    /// found by bisection over the bit patterns of positive floats (their order is the values' order), each probe one
    /// vectorised pass summing the mass at or above it in double; tokens equal to v* join, lowest id first, only as
    /// long as the mass before them is below top_p (the sorted walk's rule). The draw then walks the nucleus in
    /// vocabulary order: the same distribution as walking it sorted, with no sort.
    /// </summary>
    static long DrawNucleus(ReadOnlySpan<float> p, double topP, Rng rng)
    {
        float max = 0;
        foreach (var x in p) if (x > max) max = x;
        if (!(max > 0)) return 0;
        // Invariant: MassAtLeast(lo) ≥ top_p (or lo = 0: take every token), MassAtLeast(hi) < top_p.
        int lo = 0, hi = BitConverter.SingleToInt32Bits(max) + 1;
        while (hi - lo > 1)
        {
            int mid = lo + (hi - lo) / 2;
            if (MassAtLeast(p, BitConverter.Int32BitsToSingle(mid)) >= topP) lo = mid;
            else hi = mid;
        }
        float cut = BitConverter.Int32BitsToSingle(lo);
        double above = 0;   // mass strictly above the cut
        foreach (var x in p) if (x > cut) above += x;
        int ties = 0;       // tokens equal to the cut that join
        double total = above;
        if (cut > 0)
            while (total < topP || ties == 0) { total += cut; ties++; }
        else total = MassAtLeast(p, float.Epsilon);

        double u = rng.NextDouble() * total, acc = 0;
        int last = 0;
        for (int j = 0; j < p.Length; j++)
        {
            float x = p[j];
            if (x > cut || (x == cut && cut > 0 && ties-- > 0))
            {
                acc += x;
                last = j;
                if (u < acc) return j;
            }
        }
        return last;
    }

    /// <summary>The mass of the tokens whose probability is at least <paramref name="v"/>, summed in double.</summary>
    static double MassAtLeast(ReadOnlySpan<float> p, float v)
    {
        var threshold = new Vector<float>(v);
        Vector<double> sumLow = Vector<double>.Zero, sumHigh = Vector<double>.Zero;
        int i = 0;
        for (; i <= p.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var x = new Vector<float>(p.Slice(i));
            var kept = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, threshold), x, Vector<float>.Zero);
            Vector.Widen(kept, out var low, out var high);
            sumLow += low;
            sumHigh += high;
        }
        double s = Vector.Sum(sumLow) + Vector.Sum(sumHigh);
        for (; i < p.Length; i++) if (p[i] >= v) s += p[i];
        return s;
    }

    /// <summary>
    /// Cuts the nucleus from probabilities sorted in descending order (a token stays while the mass of strictly
    /// better tokens is below top_p; after top-k the mass is measured over the kept tokens, as transformers
    /// renormalises there) and draws from it.
    /// </summary>
    static int DrawSorted(ReadOnlySpan<float> sorted, double topP, bool renormalised, Rng rng)
    {
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
            before += sorted[n] * scale;
            n++;
        }
        double total = 0;
        for (int j = 0; j < n; j++) total += sorted[j];
        double u = rng.NextDouble() * total, acc = 0;
        for (int j = 0; j < n; j++)
        {
            acc += sorted[j];
            if (u < acc) return j;
        }
        return n - 1;
    }
}
