namespace Lethe.Training;

/// <summary>
/// Every random draw of a run comes from a generator derived from (run seed, purpose, step, micro-batch). No stream
/// carries over between steps, so a run resumed at step k draws exactly what the uninterrupted run drew there —
/// resuming needs the step number, not a snapshot of generator states.
/// </summary>
public static class StepRandom
{
    public static Rng For(ulong seed, string purpose, long step, long micro = 0)
    {
        ulong h = seed ^ 0x243F6A8885A308D3UL;
        foreach (char c in purpose) h = Mix(h ^ c);
        h = Mix(h ^ (ulong)step);
        h = Mix(h ^ ((ulong)micro << 32));
        return new Rng(h);
    }

    static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The data order of one epoch: a permutation of 0..n−1 fixed by (seed, epoch).</summary>
    public static int[] EpochOrder(ulong seed, int epoch, int n)
    {
        var order = Enumerable.Range(0, n).ToArray();
        For(seed, "epoch-order", epoch).Shuffle(order);
        return order;
    }
}
