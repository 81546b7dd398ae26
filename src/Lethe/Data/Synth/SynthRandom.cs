namespace Lethe.Data.Synth;

/// <summary>
/// xoshiro256** seeded through SplitMix64. Hand-written because <see cref="Random"/>'s algorithm is unspecified and
/// may change between .NET versions, and the benchmark must be byte-identical for a seed on every runtime.
/// </summary>
internal sealed class SynthRandom
{
    ulong _s0, _s1, _s2, _s3;

    public SynthRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>
    /// An independent stream for one purpose (and one index within it), so that e.g. the pretraining corpus does not
    /// shift when the number of facts per author changes, and author i is drawn the same way whatever the author count.
    /// </summary>
    public static SynthRandom ForStream(ulong seed, string stream, long index = 0)
    {
        ulong h = 0xCBF29CE484222325UL; // FNV-1a over the UTF-16 code units: stable, unlike string.GetHashCode.
        foreach (char c in stream)
        {
            h ^= c;
            h *= 0x100000001B3UL;
        }
        ulong x = seed;
        ulong a = SplitMix64(ref x);
        x = h;
        ulong b = SplitMix64(ref x);
        x = unchecked((ulong)index) ^ 0x5851F42D4C957F2DUL;
        ulong c2 = SplitMix64(ref x);
        return new SynthRandom(a ^ RotateLeft(b, 21) ^ RotateLeft(c2, 42));
    }

    static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    static ulong RotateLeft(ulong v, int k) => (v << k) | (v >> (64 - k));

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, n) without modulo bias.</summary>
    public int Next(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "must be positive");
        ulong un = (ulong)n;
        ulong limit = ulong.MaxValue - ulong.MaxValue % un;
        ulong r;
        do r = NextUInt64(); while (r >= limit);
        return (int)(r % un);
    }

    /// <summary>Uniform in [lo, hi], both inclusive.</summary>
    public int Between(int lo, int hi) => lo + Next(hi - lo + 1);

    /// <summary>True with probability p.</summary>
    public bool Chance(double p) => (NextUInt64() >> 11) * (1.0 / (1UL << 53)) < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Fisher–Yates, in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>k distinct indices from [0, n), in random order.</summary>
    public int[] Sample(int n, int k)
    {
        var idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        for (int i = 0; i < k; i++)
        {
            int j = i + Next(n - i);
            (idx[i], idx[j]) = (idx[j], idx[i]);
        }
        return idx[..k];
    }
}
