using Lethe.Data;
using Lethe.IO;
using Lethe.Tests.Unlearning;
using Lethe.Tokenization;
using Lethe.Unlearning;
using Xunit;
using static TorchSharp.torch;

namespace Lethe.Tests.Performance;

/// <summary>The PMC step's reference-faithful mode does the reference's work and keeps PMC's semantics.</summary>
public class ReferenceFaithfulPmcTests : IClassFixture<UnlearnFixture>
{
    readonly UnlearnFixture _f;
    public ReferenceFaithfulPmcTests(UnlearnFixture f) => _f = f;

    UnlearningContext Context(bool faithful, string reward = "rouge")
    {
        var config = new UnlearnConfig { NumSamples = 3, BatchSize = 4, MaxNewTokens = 20, MaxLength = 96, Seed = 4, Reward = reward };
        var tokenizer = HfTokenizer.Load(_f.ModelDir);
        var data = _f.Data();
        return new UnlearningContext(Checkpoint.Load(_f.ModelDir), tokenizer, PromptFormats.Create(config, tokenizer), config,
            data.Forget, data.Retain, Array.Empty<string>(), reward == "rouge_fluency" ? () => Checkpoint.Load(_f.ModelDir) : null)
        { ReferenceFaithful = faithful };
    }

    static double Term(Lethe.Training.MicroBatchLoss l, string name) => l.Terms[name].to(ScalarType.Float64).item<double>();

    [Theory]
    [InlineData(false, 3)]   // the default skips the question whose selection scored 0
    [InlineData(true, 4)]    // the reference resamples every question
    public void OnlyTheFaithfulModeResamplesQuestionsWhoseSelectionScoredZero(bool faithful, int sampled)
    {
        var ctx = Context(faithful);
        var pmc = new PmcObjective();
        pmc.Prepare(ctx);
        int[] forget = { 0, 1, 2, 3 }, retain = { 0, 1, 2, 3 };
        // Question 0's kept "selection" is its own original answer, recorded with a score of 0.
        var y0Ids = ctx.Tokenizer.Encode(pmc.OriginalAnswers[0], addSpecialTokens: false).ToArray();
        pmc.Selections[0].Offer(y0Ids, pmc.OriginalAnswers[0], 0.0);
        using var scope = NewDisposeScope();
        var loss = pmc.Loss(ctx, forget, retain, new Rng(1));
        Assert.Equal(sampled, Term(loss, "sampled_questions"));
        Assert.True(double.IsFinite(Term(loss, "loss")));
        Assert.All(forget, i => Assert.True(pmc.Selections[i].HasSelection));
        if (faithful)
        {
            // Rescored from its text: y0 against itself has ROUGE-L recall 1, so any sample further away replaced it.
            Assert.True(pmc.Selections[0].Score > 0 || pmc.Selections[0].AnswerText != pmc.OriginalAnswers[0]);
            Assert.Contains(pmc.LastSamples, s => s.Question == 0);
        }
        else
        {
            Assert.Equal(0.0, pmc.Selections[0].Score);
            Assert.DoesNotContain(pmc.LastSamples, s => s.Question == 0);
        }
    }

    [Fact]
    public void PaddingToMaxLengthWithAMaskLeavesTheLossesUnchanged()
    {
        var fast = Context(false);
        var faithful = Context(true);
        var examples = fast.Retain.Take(5).ToArray();
        using var scope = NewDisposeScope();
        double a = fast.MeanNll(fast.Model, examples).item<float>(), b = faithful.MeanNll(faithful.Model, examples).item<float>();
        Assert.InRange(b - a, -1e-4, 1e-4);
        var (sumA, countA) = fast.SequenceNll(fast.Model, examples);
        var (sumB, countB) = faithful.SequenceNll(faithful.Model, examples);
        Assert.Equal(countA.data<float>().ToArray(), countB.data<float>().ToArray());
        Assert.True(sumA.allclose(sumB, rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void RecomputingScoresFromTextGivesTheCachedScores()
    {
        var reward = new CollapseReward(minLen: 4, fluencyWeight: 0.1);
        string y0 = "Jaime Vasquez was born in Santiago, Chile, to a family of writers.";
        var y0Tokens = reward.PrepareReference(y0);
        foreach (var candidate in new[] { "He was born in Chile.", "I don't know.", "", "Santiago writers family born born", y0 })
            Assert.Equal(reward.Score(y0Tokens, candidate, 1.7), reward.ScoreText(y0, candidate, 1.7));
    }

    [Fact]
    public void FaithfulStepWithTheFluencyRewardRuns()
    {
        var ctx = Context(true, "rouge_fluency");
        var pmc = new PmcObjective();
        pmc.Prepare(ctx);
        using var scope = NewDisposeScope();
        for (int step = 0; step < 2; step++)   // the second step rescores kept selections, their fluency included
        {
            var loss = pmc.Loss(ctx, new[] { 0, 1, 2, 3 }, new[] { 4, 5, 6, 7 }, new Rng((ulong)step));
            Assert.Equal(4, Term(loss, "sampled_questions"));
            Assert.True(double.IsFinite(Term(loss, "loss")));
        }
    }
}
