using System.Diagnostics;
using Lethe.IO;
using Lethe.Training;
using Xunit;
using Xunit.Abstractions;

namespace Lethe.Tests.Reliability;

/// <summary>
/// The issue's acceptance test: the real `lethe` process is killed with SIGKILL at a random step after a checkpoint
/// exists, resumed with --resume, and must end with weights bit-identical to an uninterrupted run and an identical
/// metrics.csv (it has no wall-clock column: every value is a function of the step).
/// </summary>
public class KillResumeTests : IClassFixture<TinyRunFixture>
{
    /// <summary>Only against a hang: the runs take seconds, but a shared CI machine can be ten times slower.</summary>
    const int Timeout = 900;

    readonly TinyRunFixture _f;
    readonly ITestOutputHelper _log;

    public KillResumeTests(TinyRunFixture f, ITestOutputHelper log) => (_f, _log) = (f, log);

    string[] UnlearnArgs(string outDir) =>
    [
        "unlearn", "--model", _f.ModelDir, "--data", _f.DataDir, "--split", "10", "--out", outDir, "--no-eval",
        "--method", "pmc", "--num-samples", "2", "--batch-size", "2", "--num-epochs", "8", "--learning-rate", "2e-3", "--seed", "5",
        "--set", "max_new_tokens=8", "--set", "max_length=96", "--log-generations",
    ];

    string[] PretrainArgs(string outDir) =>
    [
        "pretrain", "--data", _f.DataDir, "--out", outDir, "--batch-size", "4", "--num-epochs", "1", "--learning-rate", "3e-3", "--seed", "9",
        "--set", "vocab_size=320", "--set", "hidden_size=32", "--set", "num_hidden_layers=2", "--set", "num_attention_heads=4",
        "--set", "num_key_value_heads=2", "--set", "intermediate_size=64", "--set", "max_length=64", "--set", "block_size=32",
    ];

    [Fact]
    public void UnlearnPmcKilledAndResumedEndsBitIdentical()
        => KilledAndResumedEndsBitIdentical(UnlearnArgs, "model/model.safetensors", extraIdentical: ["generations.jsonl"], seed: 61);

    [Fact]
    public void PretrainKilledAndResumedEndsBitIdentical()
        => KilledAndResumedEndsBitIdentical(PretrainArgs, "model.safetensors", extraIdentical: ["tokenizer.json"], seed: 62);

    void KilledAndResumedEndsBitIdentical(Func<string, string[]> command, string weights, string[] extraIdentical, int seed)
    {
        var clock = Stopwatch.StartNew();
        using var dir = TestPaths.Temp();
        string reference = Path.Combine(dir.Path, "reference"), killed = Path.Combine(dir.Path, "killed");

        // 1. The uninterrupted run, without checkpoints.
        var r = LetheProcess.Run(Timeout, command(reference));
        Assert.True(r.Exit == 0, r.Stderr);
        int total = File.ReadAllLines(Path.Combine(reference, "metrics.csv")).Length - 1;
        Assert.True(total >= 12, $"only {total} steps: too few to kill in between");

        // 2. The same run saving every 3 steps, killed at a random step after the first checkpoint.
        const int every = 3;
        int killAt = new Random(seed).Next(every + 1, total - 1);
        var args = command(killed).Concat(["--save-every", every.ToString()]).ToArray();
        using (var p = LetheProcess.Start(args))
        {
            string metrics = Path.Combine(killed, "metrics.csv");
            var deadline = Stopwatch.StartNew();
            while (StepsIn(metrics) < killAt)
            {
                Assert.False(p.HasExited, $"the run ended before step {killAt}: {p.Stderr}");
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(Timeout), "the run never reached the kill step");
                Thread.Sleep(5);
            }
            p.KillHard();
        }
        int stepsAtKill = StepsIn(Path.Combine(killed, "metrics.csv"));
        var folders = Directory.GetDirectories(Path.Combine(killed, TrainingCheckpoint.FolderName)).Select(Path.GetFileName).ToList();
        _log.WriteLine($"killed at step {stepsAtKill} (target {killAt}) of {total}; checkpoints folder: {string.Join(", ", folders)}");
        Assert.False(File.Exists(Path.Combine(killed, weights)), "the killed run wrote its final model");

        // 3. Resume into the same folder.
        var resumed = LetheProcess.Run(Timeout, args.Concat(["--resume", killed]).ToArray());
        Assert.True(resumed.Exit == 0, resumed.Stderr);
        Assert.Contains("resuming from", resumed.Stderr);

        // 4. Bit-identical weights, identical metrics.csv (and logs), nothing temporary left behind.
        AssertSameTensors(Path.Combine(reference, weights), Path.Combine(killed, weights));
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "metrics.csv")), File.ReadAllText(Path.Combine(killed, "metrics.csv")));
        foreach (var f in extraIdentical)
            Assert.True(File.ReadAllBytes(Path.Combine(reference, f)).SequenceEqual(File.ReadAllBytes(Path.Combine(killed, f))), $"{f} differs");
        Assert.Empty(Directory.GetFiles(killed, "*.tmp", SearchOption.AllDirectories));
        _log.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s");
    }

    static int StepsIn(string metricsCsv)
    {
        try { return Math.Max(0, File.ReadAllLines(metricsCsv).Length - 1); }
        catch (IOException) { return 0; }
    }

    /// <summary>Every tensor's name, dtype, shape and bytes equal (the headers' JSON layout is not what matters).</summary>
    static void AssertSameTensors(string expectedPath, string actualPath)
    {
        using var a = SafeTensorsFile.Open(expectedPath);
        using var b = SafeTensorsFile.Open(actualPath);
        Assert.Equal(a.Entries.Select(e => e.Name).Order(), b.Entries.Select(e => e.Name).Order());
        foreach (var e in a.Entries)
        {
            var other = b[e.Name];
            Assert.Equal(e.DType, other.DType);
            Assert.Equal(e.Shape, other.Shape);
            Assert.True(a.ReadBytes(e.Name).AsSpan().SequenceEqual(b.ReadBytes(e.Name)), $"tensor '{e.Name}' differs after kill and resume");
        }
    }
}
