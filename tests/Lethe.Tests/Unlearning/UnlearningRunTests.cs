using System.Text;
using Lethe.Data;
using Lethe.Evaluation;
using Lethe.IO;
using Lethe.Tokenization;
using Lethe.Training;
using Lethe.Unlearning;
using Xunit;
using static TorchSharp.torch;

namespace Lethe.Tests.Unlearning;

public class UnlearningRunTests : IClassFixture<UnlearnFixture>
{
    readonly UnlearnFixture _f;
    public UnlearningRunTests(UnlearnFixture f) => _f = f;

    static UnlearnConfig Small(string method = "pmc") => new()
    {
        Method = method, NumSamples = 3, NumEpochs = 2, BatchSize = 4, GradientAccumulationSteps = 1, LearningRate = 3e-3,
        MaxNewTokens = 24, MaxLength = 128, Seed = 11,
    };

    UnlearnReport Run(UnlearnConfig c, string outDir, bool noTruth = false, bool eval = false, bool questionOnly = false, int? maxSteps = 3)
        => UnlearnStage.Run(c, new UnlearnJob
        {
            ModelDir = _f.ModelDir, Data = _f.Data(questionOnly), OutDir = outDir, MaxSteps = maxSteps, SkipEval = !eval,
            LogGenerations = true, NoGroundTruthInLogs = noTruth, Eval = new EvalOptions { RetainShortCount = 20, MaxNewTokens = 24 },
            Progress = TextWriter.Null,
        });

    [Fact]
    public void FixtureModelReallyQuotesForgetAnswers()
    {
        // Otherwise the privacy test below could pass by accident.
        using var dir = TestPaths.Temp();
        var report = Run(Small(), dir.Path, noTruth: false, eval: true, maxSteps: 0);
        Assert.True(report.Before!.Sets.Forget!.RougeLRecall > 0.5, $"fixture forget recall {report.Before.Sets.Forget.RougeLRecall}");
        var text = string.Join("\n", Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories).Where(p => !p.EndsWith(".safetensors") && !p.EndsWith(".png")).Select(File.ReadAllText));
        Assert.Contains(_f.ForgetAnswers, a => text.Contains(a));
    }

    [Fact]
    public void NoGroundTruthInLogsLeavesNoForgetAnswerInAnyFile()
    {
        using var dir = TestPaths.Temp();
        Run(Small(), dir.Path, noTruth: true, eval: true);
        foreach (var file in Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories))
        {
            string content = Encoding.UTF8.GetString(File.ReadAllBytes(file));
            foreach (var answer in _f.ForgetAnswers)
                Assert.False(content.Contains(answer, StringComparison.OrdinalIgnoreCase), $"{Path.GetFileName(file)} contains the forget answer \"{answer}\"");
        }
        Assert.True(File.Exists(Path.Combine(dir.Path, "generations.jsonl")));
    }

    [Fact]
    public void PmcRunsOnAForgetSetOfQuestionsAlone()
    {
        using var dir = TestPaths.Temp();
        string data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        foreach (var f in Directory.GetFiles(_f.DataDir)) File.Copy(f, Path.Combine(data, Path.GetFileName(f)));
        File.Delete(Path.Combine(data, "forget10_perturbed.json"));
        DatasetWriter.WriteJsonLines(Path.Combine(data, "forget10.json"), _f.Data().Forget.Select(i => new QaItem(i.Question, null)));
        var dataset = TofuDataset.FromFolder(data, 10, forgetQuestionOnly: true);
        Assert.All(dataset.Forget, i => Assert.Null(i.Answer));
        var report = UnlearnStage.Run(Small(), new UnlearnJob { ModelDir = _f.ModelDir, Data = dataset, OutDir = Path.Combine(dir.Path, "out"), MaxSteps = 2, SkipEval = true, Progress = TextWriter.Null });
        Assert.Equal(2, report.Run.StepsRun);
        Assert.All(report.Run.Metrics.Rows, r => Assert.False(r.ContainsKey("forget_loss")));   // nothing to log it from
        Assert.All(report.Run.Metrics.Rows, r => Assert.True(double.IsFinite(r["collapse_loss"])));
        // A baseline that needs the answers says so.
        var e = Assert.Throws<LetheException>(() => UnlearnStage.Run(Small("grad_ascent"), new UnlearnJob { ModelDir = _f.ModelDir, Data = dataset, OutDir = Path.Combine(dir.Path, "ga"), MaxSteps = 1, SkipEval = true, Progress = TextWriter.Null }));
        Assert.Contains("forget answers", e.Message);
    }

    [Fact]
    public void SameSeedGivesTheSameRun()
    {
        using var a = TestPaths.Temp();
        using var b = TestPaths.Temp();
        Run(Small(), a.Path);
        Run(Small(), b.Path);
        Assert.Equal(File.ReadAllText(Path.Combine(a.Path, "metrics.csv")), File.ReadAllText(Path.Combine(b.Path, "metrics.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(a.Path, "model", "model.safetensors")), File.ReadAllBytes(Path.Combine(b.Path, "model", "model.safetensors")));
        Assert.Equal(File.ReadAllText(Path.Combine(a.Path, "generations.jsonl")), File.ReadAllText(Path.Combine(b.Path, "generations.jsonl")));
    }

    [Fact]
    public void PmcWritesTheThreePlots()
    {
        using var dir = TestPaths.Temp();
        Run(Small(), dir.Path);
        foreach (var png in new[] { "forget_loss.png", "retain_loss.png", "selected_rouge.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(dir.Path, png));
            Assert.True(bytes.Length > 5000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', $"{png} is not a real PNG");
        }
    }

    [Theory]
    [InlineData("grad_ascent", "forget_loss", +1)]
    [InlineData("grad_diff", "forget_loss", +1)]
    [InlineData("npo", "forget_loss", +1)]
    [InlineData("simnpo", "forget_loss", +1)]
    [InlineData("idk", "idk_loss", -1)]
    [InlineData("pmc", "selected_score", -1)]   // the keep rule makes it non-increasing; the collapse loss chases moving targets
    public void EachMethodMovesItsLossTheRightWay(string method, string metric, int direction)
    {
        using var dir = TestPaths.Temp();
        var c = Small(method);
        c.NumEpochs = 3;
        c.BatchSize = 16;        // the whole forget set in each step, so successive steps see the same questions
        c.Lambda = 0.5;
        var report = Run(c, dir.Path, maxSteps: 3);
        var series = report.Run.Metrics.Series(metric);
        Assert.Equal(3, series.Length);
        Assert.True(direction * (series[^1] - series[0]) > 0, $"{method}: {metric} went {series[0]:F4} → {series[^1]:F4}, expected {(direction > 0 ? "up" : "down")}");
    }
}
