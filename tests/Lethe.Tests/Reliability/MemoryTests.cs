using System.Globalization;
using System.Runtime.InteropServices;
using Lethe.Data;
using Lethe.IO;
using Lethe.Training;
using Lethe.Unlearning;
using Xunit;
using Xunit.Abstractions;

namespace Lethe.Tests.Reliability;

/// <summary>
/// A 500-step PMC run must not grow: every step samples, scores, trains and writes metrics, so a tensor, a
/// sample or a buffer kept per step would show up as resident memory rising with the step count.
/// </summary>
[Collection(nameof(IsolatedCollection))]
public class MemoryTests(TinyRunFixture f, ITestOutputHelper log) : IClassFixture<TinyRunFixture>
{
    [DllImport("libc", EntryPoint = "malloc_trim")]
    static extern int MallocTrim(nuint pad);

    /// <summary>
    /// Resident set size from /proc/self/status (kB → bytes), after full garbage collections (which also free the
    /// native tensors of collected wrappers), an aggressive one that decommits the GC's free memory, and
    /// malloc_trim, so memory freed but kept by the GC or by glibc's allocator — which varies by ±20 MB with
    /// allocation history — is not counted as in use.
    /// </summary>
    static long ResidentBytes()
    {
        for (int i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();   // frees the native memory of collected tensors
        }
        // Aggressive: the GC also gives its free committed memory back, so RSS counts what is in use.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        MallocTrim(0);
        double mib = ProcessMemory.ResidentMiB() ?? throw new InvalidOperationException("/proc/self/status has no VmRSS");
        return (long)(mib * 1024 * 1024);   // exact: VmRSS is whole KiB
    }

    [Fact]
    public void FiveHundredPmcStepsKeepResidentMemoryFlat()
    {
        Assert.True(OperatingSystem.IsLinux(), "reads /proc/self/status");
        using var dir = TestPaths.Temp();
        var rss = new Dictionary<int, long>();
        var managed = new Dictionary<int, long>();
        var config = new UnlearnConfig
        {
            Method = "pmc", NumSamples = 2, NumEpochs = 1000, BatchSize = 2, GradientAccumulationSteps = 1, LearningRate = 1e-3,
            MaxNewTokens = 8, MaxLength = 96, Seed = 3,
            MinLen = 50,   // every answer is "too short", so every selection keeps a score > 0 and every step samples again
        };
        var report = UnlearnStage.Run(config, new UnlearnJob
        {
            ModelDir = f.ModelDir, Data = TofuDataset.FromFolder(f.DataDir, 10), OutDir = dir.Path, SkipEval = true, MaxSteps = 500,
            LogGenerations = true, Progress = TextWriter.Null,
            Checkpoints = new CheckpointOptions { SaveEvery = 100 },
            AfterStep = step =>
            {
                if (step % 50 != 0) return;
                rss[step] = ResidentBytes();
                managed[step] = GC.GetTotalMemory(forceFullCollection: true);
            },
        });
        Assert.Equal(500, report.Run.StepsRun);
        Assert.All(report.Run.Metrics.Rows, r => Assert.True(r["sampled_questions"] > 0));   // sampling ran at every step
        foreach (var (step, bytes) in rss.OrderBy(kv => kv.Key))
            log.WriteLine($"step {step}: RSS {bytes / 1e6:F1} MB, managed heap {managed[step] / 1e6:F1} MB");
        // Medians of three readings at each end, so one reading caught mid-allocation does not decide.
        static double Median(Dictionary<int, long> m, params int[] steps) => steps.Select(s => (double)m[s]).Order().ElementAt(1);
        double growth = (Median(rss, 400, 450, 500) - Median(rss, 100, 150, 200)) / 1e6;
        double managedGrowth = (Median(managed, 400, 450, 500) - Median(managed, 100, 150, 200)) / 1e6;
        log.WriteLine($"growth from steps 100–200 to steps 400–500 (medians): RSS {growth:F1} MB, managed heap {managedGrowth:F1} MB");
        // Readings vary by about 3 MB; a leak of 40 kB per step would add 12 MB over the 300 steps between the medians.
        Assert.True(growth < 12, $"resident memory grew {growth:F1} MB from steps 100–200 to steps 400–500");
        Assert.True(managedGrowth < 3, $"the managed heap grew {managedGrowth:F1} MB from steps 100–200 to steps 400–500");
    }
}
