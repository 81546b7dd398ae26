using Lethe.Data;
using Lethe.Data.Synth;
using Lethe.IO;
using Lethe.Models;
using Lethe.Tokenization;
using Lethe.Training;
using Xunit;
using Xunit.Abstractions;

namespace Lethe.Tests.Reliability;

/// <summary>
/// Every writer Lethe has, pointed at a place the OS refuses (no permission, a file where a folder should be,
/// a file-size limit): one line naming the path, and nothing half-written left under the real name.
/// </summary>
public class AtomicOutputTests(ITestOutputHelper log)
{
    static readonly QaItem[] Items = [new("Q?", "A."), new("Q2?", "A2.")];

    /// <summary>Each of Lethe's writers, writing into folder <c>dir</c>; returns the path it writes.</summary>
    public static TheoryData<string> Writers() => new() { "atomic-file", "metrics", "dataset", "tokenizer", "synth", "model", "safetensors" };

    static string Write(string writer, string dir)
    {
        switch (writer)
        {
            case "atomic-file":
                AtomicFile.WriteAllText(Path.Combine(dir, "x.json"), "{}");
                return Path.Combine(dir, "x.json");
            case "metrics":
                new MetricsLog(Path.Combine(dir, "metrics.csv")).Add(1, new Dictionary<string, double> { ["loss"] = 1 });
                return Path.Combine(dir, "metrics.csv");
            case "dataset":
                DatasetWriter.WriteJsonLines(Path.Combine(dir, "forget.json"), Items);
                return Path.Combine(dir, "forget.json");
            case "tokenizer":
                BpeTrainer.Train(["a b c a b"], new BpeTrainerOptions { VocabSize = 300 }).Save(Path.Combine(dir, "tok"));
                return Path.Combine(dir, "tok");
            case "synth":
                SynthBenchmark.Write(new SynthOptions { Authors = 2, PretrainEnglishBytes = 0, RefusalExamples = 2 }, Path.Combine(dir, "synth"));
                return Path.Combine(dir, "synth");
            case "model":
                using (var m = ModelFactory.Create(ModelConfig.NewLlama(300, 8, 1, 2, 1, 16, 32, 0, 0, 1)))
                    Checkpoint.Save(m, Path.Combine(dir, "model"));
                return Path.Combine(dir, "model");
            case "safetensors":
                SafeTensorsWriter.Write(Path.Combine(dir, "w.safetensors"), [new SafeTensorsBlob("w", SafeTensorsDType.U8, [2], [1, 2])]);
                return Path.Combine(dir, "w.safetensors");
            default:
                throw new ArgumentException(writer);
        }
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public void RefusedFolderGivesOneLineNamingThePath(string writer)
    {
        using var scratch = TestPaths.Temp();
        var (dir, what) = Unwritable.Folder(scratch);
        log.WriteLine($"unwritable folder: {what}");
        try
        {
            var before = Directory.GetFileSystemEntries(dir).Length;
            var e = Assert.Throws<LetheException>(() => Write(writer, dir));
            log.WriteLine(e.Message);
            Assert.Contains(dir, e.Message);
            Assert.DoesNotContain('\n', e.Message);
            Assert.Equal(before, Directory.GetFileSystemEntries(dir).Length);   // not even a temporary file
        }
        finally { Unwritable.Restore(scratch); }
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public void FileWhereAFolderShouldBeGivesOneLineNamingThePath(string writer)
    {
        using var scratch = TestPaths.Temp();
        string file = scratch.File("plain-file");
        File.WriteAllText(file, "in the way");
        var e = Assert.Throws<LetheException>(() => Write(writer, Path.Combine(file, "out")));
        Assert.Contains(file, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal("in the way", File.ReadAllText(file));
        Assert.Equal(["plain-file"], Directory.GetFileSystemEntries(scratch.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void WriteThatFailsHalfwayKeepsTheOldFileAndLeavesNoTemporary()
    {
        using var scratch = TestPaths.Temp();
        string path = scratch.File("results.json");
        File.WriteAllText(path, "old, complete");
        // The stream refuses midway, as a full disk does (ENOSPC surfaces as IOException).
        var e = Assert.Throws<LetheException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100_000]);
            throw new IOException("No space left on device");
        }));
        Assert.Contains(path, e.Message);
        Assert.Contains("No space left on device", e.Message);
        Assert.Equal("old, complete", File.ReadAllText(path));
        Assert.Equal(["results.json"], Directory.GetFiles(scratch.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void TemporariesOfADeadProcessAreRemovedAndALiveOnesKept()
    {
        using var scratch = TestPaths.Temp();
        string dead = scratch.File($".metrics.csv.{int.MaxValue - 7}.{Guid.NewGuid():N}.tmp");
        string mine = AtomicFile.TempName(scratch.File("metrics.csv"));
        File.WriteAllText(dead, "half");
        File.WriteAllText(mine, "in progress");
        AtomicFile.RemoveStale(scratch.Path);
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(mine));
    }
}
