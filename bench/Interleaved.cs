namespace Lethe.Bench;

/// <summary>One measured quantity: how to take one sample, its unit, and whether larger is better.</summary>
public sealed record Case(string Name, string Unit, bool HigherIsBetter, Func<double> Run);

/// <summary>Samples of one case, summarised as median, min and max.</summary>
public sealed record Summary(string Name, string Unit, IReadOnlyList<double> Samples)
{
    public double Median => Stats.Median(Samples);
    public double Min => Samples.Min();
    public double Max => Samples.Max();
}

public static class Stats
{
    public static double Median(IEnumerable<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length == 0 ? double.NaN : s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}

/// <summary>
/// Runs every case once to warm up, then <c>reps</c> rounds in which every case runs once, in turn: on a machine
/// whose speed drifts (shared cores, other jobs), drift hits all cases of a round alike, so ratios between cases of
/// the same round are more trustworthy than ratios of medians taken at different times.
/// </summary>
public static class Interleaved
{
    public static Dictionary<string, Summary> Run(IReadOnlyList<Case> cases, int reps, TextWriter log)
    {
        foreach (var c in cases) log.WriteLine($"warm-up {c.Name}: {c.Run():G4} {c.Unit}");
        var samples = cases.ToDictionary(c => c.Name, _ => new List<double>());
        for (int r = 0; r < reps; r++)
            foreach (var c in cases)
            {
                double v = c.Run();
                samples[c.Name].Add(v);
                log.WriteLine($"rep {r + 1}/{reps} {c.Name}: {v:G4} {c.Unit}");
            }
        return cases.ToDictionary(c => c.Name, c => new Summary(c.Name, c.Unit, samples[c.Name]));
    }

    /// <summary>Median over rounds of a/b (or b/a when <paramref name="invert"/>): the speed-up within each round.</summary>
    public static double RatioOfRounds(Summary a, Summary b, bool invert = false)
        => Stats.Median(a.Samples.Zip(b.Samples, (x, y) => invert ? y / x : x / y));
}

/// <summary>
/// Wall time by default. With --cpu-time, this process's CPU time instead: on a machine shared with other jobs,
/// CPU time counts only the work this process did (with one libtorch thread it is the honest cost of that work),
/// so comparisons made while others load the cores are far less noisy. Never used for published figures.
/// </summary>
public sealed class BenchClock
{
    public static bool UseCpuTime { get; set; }

    readonly long _wallStart = System.Diagnostics.Stopwatch.GetTimestamp();
    readonly TimeSpan _cpuStart = UseCpuTime ? System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime : TimeSpan.Zero;

    public static BenchClock StartNew() => new();

    public double Seconds => UseCpuTime
        ? (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - _cpuStart).TotalSeconds
        : System.Diagnostics.Stopwatch.GetElapsedTime(_wallStart).TotalSeconds;
}
