using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Lethe;

/// <summary>
/// Wall time per named section of the training loop ("where the time goes"), for the benchmark's profile of a PMC
/// step. Off by default, when a section costs one branch. libtorch on the CPU runs each operation synchronously, so
/// a stopwatch around the calls measures their real cost. Sections may nest (a total and its parts); one thread only.
/// </summary>
public static class StepProfiler
{
    static readonly Dictionary<string, double> Seconds = new(StringComparer.Ordinal);
    static readonly List<string> Order = new();

    public static bool Enabled { get; set; }

    /// <summary>
    /// Measure the calling thread's CPU time instead of wall time (Linux): on a machine shared with other jobs it
    /// counts only this thread's work, which with one libtorch thread is all of a section's work.
    /// </summary>
    public static bool ThreadCpuTime { get; set; }

    /// <summary>Times the code until the returned value is disposed: <c>using (StepProfiler.Measure("x")) …</c>.</summary>
    public static Section Measure(string name) => new(Enabled ? name : null, Enabled ? Now() : 0);

    static long Now()
    {
        if (!ThreadCpuTime || !OperatingSystem.IsLinux()) return Stopwatch.GetTimestamp();
        clock_gettime(ThreadCpuClock, out var t);
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }

    static double SecondsSince(long start) => ThreadCpuTime && OperatingSystem.IsLinux()
        ? (Now() - start) / 1e9
        : Stopwatch.GetElapsedTime(start).TotalSeconds;

    const int ThreadCpuClock = 3;   // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int clock_gettime(int clock, out TimeSpec time);

    /// <summary>The seconds per section since the last call, in first-seen order, and a fresh start.</summary>
    public static List<(string Name, double Seconds)> Take()
    {
        var result = Order.Select(n => (n, Seconds[n])).ToList();
        Seconds.Clear();
        Order.Clear();
        return result;
    }

    static void Add(string name, double seconds)
    {
        if (!Seconds.ContainsKey(name)) Order.Add(name);
        Seconds[name] = Seconds.GetValueOrDefault(name) + seconds;
    }

    public readonly struct Section : IDisposable
    {
        readonly string? _name;
        readonly long _start;

        internal Section(string? name, long start) { _name = name; _start = start; }

        public void Dispose()
        {
            if (_name is not null) Add(_name, SecondsSince(_start));
        }
    }
}
