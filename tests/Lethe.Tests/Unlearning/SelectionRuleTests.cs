using Lethe.Unlearning;
using Xunit;

namespace Lethe.Tests.Unlearning;

/// <summary>The reference's selection, caching and skip rules, on fixed scores.</summary>
public class SelectionRuleTests
{
    [Fact]
    public void FirstOfferIsAlwaysTaken()
    {
        var s = new ForgetSelection();
        Assert.True(s.NeedsSampling);
        Assert.True(s.Offer(new[] { 1 }, "a", 0.8));
        Assert.Equal(0.8, s.Score);
    }

    [Fact]
    public void AWorseCandidateKeepsTheOldSelection()
    {
        var s = new ForgetSelection();
        s.Offer(new[] { 1 }, "a", 0.4);
        Assert.False(s.Offer(new[] { 2 }, "b", 0.6));
        Assert.Equal("a", s.AnswerText);
        Assert.True(s.Offer(new[] { 3 }, "c", 0.4));   // ties replace (the newer sample is as good)
        Assert.True(s.Offer(new[] { 4 }, "d", 0.1));
        Assert.Equal(("d", 0.1), (s.AnswerText, s.Score));
    }

    [Fact]
    public void AZeroScoreIsFinalAndTheQuestionIsSkipped()
    {
        var s = new ForgetSelection();
        s.Offer(new[] { 1 }, "a", 0.3);
        Assert.True(s.NeedsSampling);
        s.Offer(new[] { 2 }, "b", 0.0);
        Assert.False(s.NeedsSampling);
    }

    [Fact]
    public void RewardIsRougeLRecallAgainstY0()
    {
        var r = new CollapseReward(minLen: 0);
        var y0 = r.PrepareReference("Jane Doe was born in Lisbon");
        Assert.Equal(1.0, r.Score(y0, "Jane Doe was born in Lisbon"));
        Assert.Equal(0.0, r.Score(y0, "I have no idea."));
        Assert.Equal(4.0 / 6, r.Score(y0, "Jane Doe was born somewhere"), 12);
        Assert.Equal(0.0, r.Score(y0, ""));   // an empty answer scores 0 under the reference reward
    }

    [Fact]
    public void MinLenPenalisesShortAnswersCappedAtOne()
    {
        var r = new CollapseReward(minLen: 5);
        var y0 = r.PrepareReference("Jane Doe was born in Lisbon");
        Assert.Equal(Math.Exp(-2), r.Score(y0, "No idea."), 12);                // 2 words < 5: + e^-2
        Assert.Equal(1.0, r.Score(y0, ""));                                      // 0 words: + e^0 = 1
        Assert.Equal(2.0 / 6 + Math.Exp(-2), r.Score(y0, "Jane Doe"), 12);      // recall 2/6 plus the penalty
        Assert.Equal(0.0, r.Score(y0, "I really cannot say that."));             // 5 words: no penalty
        var shortY0 = r.PrepareReference("Jane Doe");
        Assert.Equal(1.0, r.Score(shortY0, "Jane Doe"));                         // 1 + e^-2, capped at 1
    }

    [Fact]
    public void FluencyTermAddsWeightedNll()
    {
        var r = new CollapseReward(minLen: 0, fluencyWeight: 0.1);
        var y0 = r.PrepareReference("Jane Doe was born in Lisbon");
        Assert.Equal(0.25, r.Score(y0, "I have no idea.", fluencyNll: 2.5), 12);
        Assert.True(r.UsesFluency);
    }

    [Fact]
    public void FluencyScoreKeepsItsRougePartApartForTheSelectedAnswerCurve()
    {
        var r = new CollapseReward(minLen: 0, fluencyWeight: 0.1);
        var y0 = r.PrepareReference("Jane Doe was born in Lisbon");
        var (score, rouge) = r.Evaluate(y0, "Jane Doe was born in Porto", fluencyNll: 2.0);
        Assert.Equal(5.0 / 6, rouge, 12);
        Assert.Equal(5.0 / 6 + 0.2, score, 12);

        var s = new ForgetSelection();
        Assert.True(s.Offer([1, 2], "Jane Doe was born in Porto", score, rouge));
        Assert.Equal(rouge, s.Rouge);
        Assert.Equal(score, s.Score);
        Assert.True(s.NeedsSampling);
    }
}
