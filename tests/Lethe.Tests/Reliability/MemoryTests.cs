using System.Globalization;
using System.Runtime.InteropServices;
using Lethe.Data;
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
    /// native tensors of collected wrappers) and malloc_trim, so memory freed but kept by glibc's allocator — which
    /// varies by ±20 MB with allocation history — is not counted as in use.
    /// </summary>
    static long ResidentBytes()
    {
        for (int i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        GC.Collect();
        MallocTrim(0);
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:"));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
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
        double growth = (rss[500] - rss[100]) / 1e6, managedGrowth = (managed[500] - managed[100]) / 1e6;
        log.WriteLine($"growth from step 100 to 500: RSS {growth:F1} MB, managed heap {managedGrowth:F1} MB");
        // 400 steps each allocate and free a few MB of tensors; a leak of even 50 kB per step would add 20 MB.
        Assert.True(growth < 20, $"resident memory grew {growth:F1} MB between step 100 and step 500");
        Assert.True(managedGrowth < 5, $"the managed heap grew {managedGrowth:F1} MB between step 100 and step 500");
    }
}
