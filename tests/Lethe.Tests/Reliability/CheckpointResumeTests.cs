using Lethe.Data;
using Lethe.IO;
using Lethe.Models;
using Lethe.Tokenization;
using Lethe.Training;
using Lethe.Unlearning;
using Xunit;
using static TorchSharp.torch;

namespace Lethe.Tests.Reliability;

/// <summary>Resume's refusals and the non-finite guard, in process (the kill itself is <see cref="KillResumeTests"/>).</summary>
public class CheckpointResumeTests : IClassFixture<TinyRunFixture>
{
    readonly TinyRunFixture _f;
    public CheckpointResumeTests(TinyRunFixture f) => _f = f;

    static UnlearnConfig Config(double lr = 2e-3) => new()
    {
        Method = "pmc", NumSamples = 2, NumEpochs = 4, BatchSize = 2, GradientAccumulationSteps = 1, LearningRate = lr,
        MaxNewTokens = 8, MaxLength = 96, Seed = 5,
    };

    UnlearnReport Unlearn(UnlearnConfig c, string outDir, CheckpointOptions ck, int? maxSteps = null, string? dataDir = null)
        => UnlearnStage.Run(c, new UnlearnJob
        {
            ModelDir = _f.ModelDir, Data = TofuDataset.FromFolder(dataDir ?? _f.DataDir, 10), OutDir = outDir, SkipEval = true,
            MaxSteps = maxSteps, Checkpoints = ck, Progress = TextWriter.Null,
        });

    static void OneLine(LetheException e) => Assert.DoesNotContain('\n', e.Message);

    [Fact]
    public void MaxStepsWithSaveEveryLeavesACheckpointThatResumesToTheEnd()
    {
        using var dir = TestPaths.Temp();
        string a = Path.Combine(dir.Path, "a"), b = Path.Combine(dir.Path, "b");
        var full = Unlearn(Config(), a, new CheckpointOptions());
        var part = Unlearn(Config(), b, new CheckpointOptions { SaveEvery = 100 }, maxSteps: 3);
        Assert.Equal(3, part.Run.StepsRun);
        var saved = TrainingCheckpoint.FindLatest(b);
        Assert.Equal(3, saved.Step);   // saved because --max-steps stopped the run early, although 3 is not a multiple of 100
        var rest = Unlearn(Config(), b, new CheckpointOptions { ResumeFrom = b });
        Assert.Equal(full.Run.TotalSteps, rest.Run.StepsRun);
        Assert.Equal(File.ReadAllText(Path.Combine(a, "metrics.csv")), File.ReadAllText(Path.Combine(b, "metrics.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "model", "model.safetensors")), File.ReadAllBytes(Path.Combine(b, "model", "model.safetensors")));
    }

    [Fact]
    public void FinetuneStoppedAndResumedEndsBitIdentical()
    {
        using var dir = TestPaths.Temp();
        var tok = HfTokenizer.Load(_f.ModelDir);
        var items = DatasetReader.Read(Path.Combine(_f.DataDir, "full.json"));
        var c = new TrainConfig { NumEpochs = 2, BatchSize = 8, LearningRate = 3e-3, MaxLength = 96, Seed = 4 };
        byte[] Finetune(string outDir, int? maxSteps, CheckpointOptions ck)
        {
            using var model = Checkpoint.Load(_f.ModelDir);
            FinetuneStage.Run(model, tok, new PlainPromptFormat(tok) { MaxLength = c.MaxLength }, items, c, outDir, _f.ModelDir, maxSteps, TextWriter.Null, ck);
            return File.ReadAllBytes(Path.Combine(outDir, Checkpoint.SingleFile));
        }
        string a = Path.Combine(dir.Path, "a"), b = Path.Combine(dir.Path, "b");
        var whole = Finetune(a, null, new CheckpointOptions());
        Finetune(b, 5, new CheckpointOptions { SaveEvery = 2 });
        Assert.Equal(5, TrainingCheckpoint.FindLatest(b).Step);
        var resumed = Finetune(b, null, new CheckpointOptions { SaveEvery = 2, ResumeFrom = b });
        Assert.Equal(whole, resumed);
        Assert.Equal(File.ReadAllText(Path.Combine(a, "metrics.csv")), File.ReadAllText(Path.Combine(b, "metrics.csv")));
    }

    [Fact]
    public void ResumeRefusesACheckpointOfADifferentRun()
    {
        using var dir = TestPaths.Temp();
        Unlearn(Config(), dir.Path, new CheckpointOptions { SaveEvery = 2 }, maxSteps: 2);
        var settings = Assert.Throws<LetheException>(() => Unlearn(Config(lr: 3e-3), dir.Path, new CheckpointOptions { ResumeFrom = dir.Path }));
        Assert.Contains("different settings", settings.Message);
        Assert.Contains(Path.Combine(dir.Path, TrainingCheckpoint.FolderName, "step-00000002"), settings.Message);
        OneLine(settings);
        // The same benchmark with one retain answer changed.
        string other = Path.Combine(dir.Path, "other-data");
        Directory.CreateDirectory(other);
        foreach (var f in Directory.GetFiles(_f.DataDir)) File.Copy(f, Path.Combine(other, Path.GetFileName(f)));
        var retain = DatasetReader.Read(Path.Combine(other, "retain90.json")).ToList();
        retain[0] = retain[0] with { Answer = retain[0].Answer + " Indeed." };
        DatasetWriter.WriteJsonLines(Path.Combine(other, "retain90.json"), retain);
        var data = Assert.Throws<LetheException>(() => Unlearn(Config(), dir.Path, new CheckpointOptions { ResumeFrom = dir.Path }, dataDir: other));
        Assert.Contains("different data", data.Message);
        OneLine(data);
    }

    [Fact]
    public void ResumeWithoutACheckpointSaysSo()
    {
        using var dir = TestPaths.Temp();
        var e = Assert.Throws<LetheException>(() => Unlearn(Config(), Path.Combine(dir.Path, "out"), new CheckpointOptions { ResumeFrom = dir.Path }));
        Assert.Contains("no checkpoint to resume from", e.Message);
        Assert.Contains(dir.Path, e.Message);
        OneLine(e);
    }

    [Fact]
    public void DamagedCheckpointIsRefusedByFileName()
    {
        using var dir = TestPaths.Temp();
        Unlearn(Config(), dir.Path, new CheckpointOptions { SaveEvery = 2 }, maxSteps: 2);
        string optimizer = Path.Combine(dir.Path, TrainingCheckpoint.FolderName, "step-00000002", TrainingCheckpoint.OptimizerFile);
        var bytes = File.ReadAllBytes(optimizer);
        bytes[^5] ^= 0x10;   // one flipped bit in a moment tensor
        File.WriteAllBytes(optimizer, bytes);
        var e = Assert.Throws<LetheException>(() => Unlearn(Config(), dir.Path, new CheckpointOptions { ResumeFrom = dir.Path }));
        Assert.Contains(optimizer, e.Message);
        Assert.Contains("damaged", e.Message);
        OneLine(e);
    }

    [Fact]
    public void KillDuringSaveLeavesThePreviousCheckpointUsable()
    {
        // What a SIGKILL in the middle of a save leaves: a temporary folder next to the last complete checkpoint.
        using var dir = TestPaths.Temp();
        Unlearn(Config(), dir.Path, new CheckpointOptions { SaveEvery = 2 }, maxSteps: 2);
        string folder = Path.Combine(dir.Path, TrainingCheckpoint.FolderName);
        string partial = Path.Combine(folder, ".step-00000004.999999.tmp");
        Directory.CreateDirectory(partial);
        File.WriteAllText(Path.Combine(partial, "model.safetensors"), "half");
        Assert.Equal(2, TrainingCheckpoint.FindLatest(dir.Path).Step);
        Unlearn(Config(), dir.Path, new CheckpointOptions { SaveEvery = 2, ResumeFrom = dir.Path }, maxSteps: 4);
        Assert.Equal(["step-00000004"], Directory.GetDirectories(folder).Select(Path.GetFileName));
    }

    /// <summary>A PMC-shaped objective whose collapse term turns NaN at its <c>failAt</c>-th micro-batch.</summary>
    sealed class PoisonedObjective(int failAt) : IUnlearningObjective
    {
        int _calls;

        public void Prepare(UnlearningContext ctx) { }

        public MicroBatchLoss Loss(UnlearningContext ctx, IReadOnlyList<int> forget, IReadOnlyList<int> retain, Rng rng)
        {
            var retainLoss = ctx.MeanNll(ctx.Model, retain.Select(i => ctx.Retain[i]).ToArray());
            var collapse = ++_calls == failAt ? tensor(double.NaN, dtype: ScalarType.Float32) : retainLoss * 0.5;
            var loss = collapse + retainLoss;
            return new MicroBatchLoss(loss, new Dictionary<string, Tensor>
            {
                ["loss"] = loss.detach(), ["collapse_loss"] = collapse.detach(), ["retain_loss"] = retainLoss.detach(),
            });
        }
    }

    [Fact]
    public void NonFiniteTermStopsTheRunNamingStepAndTermAndKeepsTheLastCheckpoint()
    {
        using var dir = TestPaths.Temp();
        using var model = Checkpoint.Load(_f.ModelDir);
        var tok = HfTokenizer.Load(_f.ModelDir);
        var c = Config();
        var data = TofuDataset.FromFolder(_f.DataDir, 10);
        var ctx = new UnlearningContext(model, tok, PromptFormats.Create(c, tok), c, data.Forget, data.Retain, Array.Empty<string>(), null);
        string folder = Path.Combine(dir.Path, TrainingCheckpoint.FolderName);
        var e = Assert.Throws<NonFiniteException>(() => UnlearningRun.Run(ctx, new PoisonedObjective(failAt: 3), new UnlearningRunOptions
        {
            OutDir = dir.Path, Progress = TextWriter.Null, Checkpoints = new CheckpointOptions { SaveEvery = 1, Folder = folder },
        }));
        Assert.StartsWith("step 3: the collapse_loss term is not finite", e.Message);
        Assert.Equal(4, e.ExitCode);
        OneLine(e);

        // The last good checkpoint is step 2, complete (every file matches its digest), and equal to the live
        // weights: step 3 stopped before the optimizer touched them.
        Assert.Equal(["step-00000002"], Directory.GetDirectories(folder).Select(Path.GetFileName));
        var saved = TrainingCheckpoint.Open(Path.Combine(folder, "step-00000002"));
        Assert.Equal(2, saved.Step);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(saved.Path, TrainingCheckpoint.MetricsFile)).Length);
        using var weights = SafeTensorsFile.Open(Path.Combine(saved.Path, Checkpoint.SingleFile));
        using (no_grad())
            foreach (var (name, p) in model.named_parameters())
                Assert.True(weights.ReadBytes(name).AsSpan().SequenceEqual(p.detach().contiguous().bytes), $"'{name}' changed at the failed step");
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp", SearchOption.AllDirectories));
    }
}
