using Lethe.Training;
using Xunit;

namespace Lethe.Tests.Reliability;

/// <summary>
/// Failure paths of the real `lethe` process: a non-zero exit code and exactly one line saying what went wrong
/// (progress lines aside); --verbose adds the detail.
/// </summary>
public class CliFailureTests : IClassFixture<TinyRunFixture>
{
    /// <summary>Only against a hang: the runs take seconds, but a shared CI machine can be ten times slower.</summary>
    const int Timeout = 600;

    readonly TinyRunFixture _f;
    public CliFailureTests(TinyRunFixture f) => _f = f;

    /// <summary>The failure lines: what lethe itself says ("lethe: …"), as opposed to progress.</summary>
    static List<string> Failures(string stderr) => stderr.Split('\n').Where(l => l.StartsWith("lethe: ")).ToList();

    static void OneReadableLine(int exit, string stderr, int expectedExit, params string[] mentions)
    {
        Assert.True(exit == expectedExit, $"exit {exit}, expected {expectedExit}; stderr:\n{stderr}");
        var lines = Failures(stderr);
        Assert.True(lines.Count == 1, $"expected one failure line, got:\n{stderr}");
        foreach (var m in mentions) Assert.Contains(m, lines[0]);
        Assert.DoesNotContain("   at ", stderr);   // no stack trace without --verbose
    }

    string[] Unlearn(string outDir, params string[] extra) =>
    [
        "unlearn", "--model", _f.ModelDir, "--data", _f.DataDir, "--out", outDir, "--no-eval", "--num-samples", "2",
        "--batch-size", "2", "--num-epochs", "2", "--set", "max_new_tokens=8", .. extra,
    ];

    [Fact]
    public void MistypedOptionIsOneLineWithExitTwoAndNoHelpDump()
    {
        var (exit, stdout, stderr) = LetheProcess.Run(Timeout, "unlearn", "--bogus", "--model", "m");
        OneReadableLine(exit, stderr, 2, "'--bogus'", "lethe unlearn --help");
        Assert.Equal("", stdout);
    }

    [Fact]
    public void MissingModelIsOneLineAndVerboseAddsTheDetail()
    {
        using var dir = TestPaths.Temp();
        string missing = dir.File("no-such-model");
        var plain = LetheProcess.Run(Timeout, Unlearn(dir.File("out"), []).Select(a => a == _f.ModelDir ? missing : a).ToArray());
        OneReadableLine(plain.Exit, plain.Stderr, 2, missing);
        var verbose = LetheProcess.Run(Timeout, Unlearn(dir.File("out"), "--verbose").Select(a => a == _f.ModelDir ? missing : a).ToArray());
        Assert.Equal(2, verbose.Exit);
        Assert.Contains("   at Lethe.", verbose.Stderr);
        Assert.Single(Failures(verbose.Stderr));
    }

    [Fact]
    public void DamagedWeightsAreOneLineNamingTheFile()
    {
        using var dir = TestPaths.Temp();
        string model = dir.File("model");
        Directory.CreateDirectory(model);
        foreach (var f in Directory.GetFiles(_f.ModelDir)) File.Copy(f, Path.Combine(model, Path.GetFileName(f)));
        string weights = Path.Combine(model, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
        var r = LetheProcess.Run(Timeout, Unlearn(dir.File("out"), []).Select(a => a == _f.ModelDir ? model : a).ToArray());
        OneReadableLine(r.Exit, r.Stderr, 2, weights);
    }

    [Fact]
    public void NonFiniteLossExitsFourNamingTheStepAndKeepsTheCheckpoint()
    {
        using var dir = TestPaths.Temp();
        string outDir = dir.File("out");
        var r = LetheProcess.Run(Timeout, Unlearn(outDir, "--learning-rate", "1e30", "--save-every", "1"));
        OneReadableLine(r.Exit, r.Stderr, 4, "step 2:", "not finite", "the last saved checkpoint is intact");
        var saved = TrainingCheckpoint.FindLatest(outDir);   // verifies every file against its digest
        Assert.Equal(1, saved.Step);
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void FileSizeLimitDuringACheckpointIsOneLineAndLeavesNothingHalfWritten()
    {
        // A real write refusal by the kernel mid-file (EFBIG under `ulimit -f`, the same path as a full disk):
        // SIGXFSZ is ignored so the write fails instead of killing the process; W^X is off because the runtime's
        // double-mapped code memory is itself a file the limit would refuse.
        Assert.True(File.Exists("/bin/bash"), "/bin/bash is needed to set a file-size limit");
        using var dir = TestPaths.Temp();
        string outDir = dir.File("out");
        var r = LetheProcess.RunUnderShell(Timeout, "trap '' XFSZ; ulimit -f 64; export DOTNET_EnableWriteXorExecute=0",
            Unlearn(outDir, "--save-every", "1"));
        OneReadableLine(r.Exit, r.Stderr, 2, Path.Combine(outDir, TrainingCheckpoint.FolderName, "step-00000001"), "cannot write the checkpoint");
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(outDir, TrainingCheckpoint.FolderName)));
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(outDir, "model")));
    }
}
