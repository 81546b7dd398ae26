using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Lethe.Tests.Reliability.Fuzz;

/// <summary>What a fuzz run saw: how many mutants loaded, how many were refused clearly, and what went wrong.</summary>
public sealed record FuzzOutcome(string Format, int Cases, int Accepted, int Rejected, IReadOnlyList<string> Failures, TimeSpan Elapsed,
    long MaxAllocated, TimeSpan Slowest, string SlowestCase)
{
    public override string ToString()
        => $"{Format}: {Cases} cases, {Accepted} loaded, {Rejected} refused with a LetheException, {Failures.Count} failures; " +
           $"{Elapsed.TotalSeconds:F1} s; largest allocation {MaxAllocated / 1_000_000.0:F1} MB; slowest case {Slowest.TotalMilliseconds:F0} ms ({SlowestCase})";
}

/// <summary>
/// Feeds mutants of valid files to a loader, one file at a time, and holds it to the contract for hostile input:
/// it loads, or it throws a <see cref="LetheException"/> whose one-line message names the file's folder — nothing
/// else (no other exception type, no crash), within a time limit (no hang), allocating at most a bound that grows
/// only with the input's size (no allocation sized by a number read from the file).
/// </summary>
public static class FuzzHarness
{
    /// <summary>Per case. Real cases take milliseconds; this only catches loops that never end.</summary>
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Allocation allowed for an input of n bytes: 64 MB plus 64 bytes per input byte.</summary>
    public static long AllocationBound(long inputBytes) => 64L * 1024 * 1024 + 64 * inputBytes;

    /// <param name="pathFor">Where the mutant of seed file k is written (its folder may hold companion files).</param>
    /// <param name="load">Loads the file at the path, given the seed index.</param>
    public static FuzzOutcome Run(string format, int cases, int seed, IReadOnlyList<byte[]> seeds, Func<int, string> pathFor,
        Func<Random, byte[], (byte[] Bytes, string How)> mutate, Action<string, int> load, ITestOutputHelper? log = null)
    {
        int accepted = 0, rejected = 0;
        long maxAllocated = 0;
        var slowest = TimeSpan.Zero;
        string slowestCase = "";
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < cases; i++)
        {
            // One generator per case: case i is reproducible on its own.
            var r = new Random(unchecked(seed * 1_000_003 + i));   // not HashCode.Combine: that is salted per process
            int which = r.Next(seeds.Count);
            var (bytes, how) = mutate(r, seeds[which]);
            string path = pathFor(which), folder = Path.GetDirectoryName(path)!;
            File.WriteAllBytes(path, bytes);
            string what = $"case {i} (seed file {which}, {bytes.Length} bytes: {how})";

            long allocated = 0;
            var caseClock = Stopwatch.StartNew();
            var task = Task.Factory.StartNew(() =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                try { load(path, which); }
                finally { allocated = GC.GetAllocatedBytesForCurrentThread() - before; }
            }, TaskCreationOptions.LongRunning);   // its own thread, so the allocation count is the loader's alone
            try
            {
                if (!task.Wait(Timeout)) { failures.Add($"{what}: still running after {Timeout.TotalSeconds} s"); break; }
                accepted++;
            }
            catch (AggregateException ae) when (ae.InnerException is LetheException e)
            {
                rejected++;
                if (e.Message.Contains('\n') || !e.Message.Contains(folder) || e.Message.Length > 2000)
                    failures.Add($"{what}: unclear message: {e.Message[..Math.Min(300, e.Message.Length)]}");
            }
            catch (AggregateException ae)
            {
                var e = ae.InnerException!;
                failures.Add($"{what}: {e.GetType().Name}: {e.Message.Split('\n')[0]} at {e.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("Lethe"))?.Trim()}");
            }
            maxAllocated = Math.Max(maxAllocated, allocated);
            if (caseClock.Elapsed > slowest) (slowest, slowestCase) = (caseClock.Elapsed, what);
            if (caseClock.Elapsed > TimeSpan.FromMilliseconds(250)) log?.WriteLine($"slow: {caseClock.Elapsed.TotalMilliseconds:F0} ms: {what}");
            if (allocated > AllocationBound(bytes.Length))
                failures.Add($"{what}: allocated {allocated / 1_000_000} MB for a {bytes.Length}-byte input");
        }
        var outcome = new FuzzOutcome(format, cases, accepted, rejected, failures, clock.Elapsed, maxAllocated, slowest, slowestCase);
        log?.WriteLine(outcome.ToString());
        foreach (var f in failures.Take(20)) log?.WriteLine(f);
        return outcome;
    }

    public static void AssertClean(FuzzOutcome o, int minimumCases = 1000)
    {
        Assert.True(o.Cases >= minimumCases, $"{o.Format}: only {o.Cases} cases");
        Assert.True(o.Failures.Count == 0, $"{o}\n{string.Join("\n", o.Failures.Take(10))}");
        // A fuzzer whose mutants all load, or all fail at the first byte, tests nothing.
        Assert.True(o.Rejected >= o.Cases / 10, $"{o.Format}: only {o.Rejected} mutants were refused");
        Assert.True(o.Accepted + o.Rejected == o.Cases, o.ToString());
    }
}
