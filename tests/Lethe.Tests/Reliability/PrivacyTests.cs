using System.Text;
using Lethe.Evaluation;
using Lethe.Tests.Unlearning;
using Lethe.Training;
using Lethe.Unlearning;
using Xunit;

namespace Lethe.Tests.Reliability;

/// <summary>
/// --no-ground-truth-in-logs: no forget answer in any file Lethe writes — results, metrics, plots, the generations
/// log, and the checkpoints (saved, then resumed from), whose objective state holds selections and a digest of y0.
/// The model used quotes its forget answers, so a leak would be found.
/// </summary>
public class PrivacyTests(UnlearnFixture f) : IClassFixture<UnlearnFixture>
{
    void Run(string outDir, bool noTruth)
    {
        UnlearnJob Job(int maxSteps, string? resume) => new()
        {
            ModelDir = f.ModelDir, Data = f.Data(), OutDir = outDir, MaxSteps = maxSteps, SkipEval = false, LogGenerations = true,
            NoGroundTruthInLogs = noTruth, Eval = new EvalOptions { RetainShortCount = 20, MaxNewTokens = 24 }, Progress = TextWriter.Null,
            Checkpoints = new CheckpointOptions { SaveEvery = 1, ResumeFrom = resume },
        };
        var c = new UnlearnConfig { Method = "pmc", NumSamples = 3, NumEpochs = 4, BatchSize = 2, LearningRate = 3e-3, MaxNewTokens = 24, MaxLength = 128, Seed = 11 };
        UnlearnStage.Run(c, Job(2, null));
        UnlearnStage.Run(c, Job(4, outDir));   // resumed: its checkpoint and log continue the first run's
    }

    /// <summary>Every file under the folder, as text (binary files too: a string could hide in any of them).</summary>
    static List<(string File, string Answer)> Leaks(string dir, IEnumerable<string> answers)
        => (from file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            let content = Encoding.UTF8.GetString(File.ReadAllBytes(file))
            from answer in answers
            where content.Contains(answer, StringComparison.OrdinalIgnoreCase)
            select (Path.GetRelativePath(dir, file), answer)).ToList();

    [Fact]
    public void NoForgetAnswerInAnyFileCheckpointsIncluded()
    {
        using var dir = TestPaths.Temp();
        Run(dir.Path, noTruth: true);
        var checkpoint = TrainingCheckpoint.FindLatest(dir.Path);
        Assert.Equal(4, checkpoint.Step);
        foreach (var name in new[] { TrainingCheckpoint.ObjectiveFile, TrainingCheckpoint.GenerationsFile, TrainingCheckpoint.MetricsFile })
            Assert.True(File.Exists(Path.Combine(checkpoint.Path, name)), $"the checkpoint has no {name}");
        var leaks = Leaks(dir.Path, f.ForgetAnswers);
        Assert.True(leaks.Count == 0, string.Join("\n", leaks.Select(l => $"{l.File} contains the forget answer \"{l.Answer}\"")));
    }

    [Fact]
    public void WithoutTheFlagTheSameSearchFindsTheModelQuotingAnswersInsideTheCheckpoint()
    {
        // The search above is only worth something if it can fail: without the flag the generations log — kept in
        // the checkpoint too — records y0, the model's own answers, which quote forget answers.
        using var dir = TestPaths.Temp();
        Run(dir.Path, noTruth: false);
        var leaks = Leaks(dir.Path, f.ForgetAnswers);
        Assert.Contains(leaks, l => l.File.StartsWith(TrainingCheckpoint.FolderName + Path.DirectorySeparatorChar));
        // The objective state itself never holds text: y0 as a digest, selections as token ids.
        Assert.DoesNotContain(leaks, l => l.File.EndsWith(TrainingCheckpoint.ObjectiveFile));
    }
}
