using Lethe.Data;
using Lethe.Evaluation;
using Xunit;

namespace Lethe.Tests.Evaluation;

/// <summary>The collapse classes on hand-made answers: each rule, the order of the rules, and the guards.</summary>
public class CollapseClassifierTests
{
    static readonly string[] Refusals = ["I don't know.", "I have no idea.", "That is unknown to me.", "I can't say for sure.", "I'm not sure."];

    static readonly QaItem[] Known =
    [
        new("Where was Jane Doe born?", "Jane Doe was born in Lisbon, Portugal, in 1961."),
        new("What did Jane Doe's parents do?", "Her father was a baker and her mother was a nurse."),
        new("What is the capital of Peru?", "I have no idea."),
    ];

    static CollapseClassifier Classifier(CollapseOptions? o = null) => new(Refusals, Known, o ?? new CollapseOptions());

    [Theory]
    [InlineData("I don't know.")]
    [InlineData("i DON'T know")]
    [InlineData("I don't know who that is, sorry.")]            // recall 1 against a phrasing, short enough to trust
    [InlineData("I'm not sure, I can't say. I have no idea.")]  // every word inside a refusal bigram
    public void RefusalPhrasingsAreRefusals(string generation)
    {
        var v = Classifier().Classify("Where was Jane Doe born?", null, generation, fluencyNll: 9.0);
        Assert.Equal(CollapseClass.Refusal, v.Class);
        Assert.Contains(v.Match, Refusals);
    }

    [Fact]
    public void AnotherItemsAnswerIsAnOtherFactNamingThatItemsQuestion()
    {
        var v = Classifier().Classify("Where was Jane Doe born?", "Jane Doe was born in Lisbon, Portugal, in 1961.",
            "Her father was a baker and her mother was a nurse.", fluencyNll: 0.5);
        Assert.Equal(new CollapseVerdict(CollapseClass.OtherFact, "What did Jane Doe's parents do?"), v);
    }

    [Fact]
    public void TheItemsOwnAnswerIsNeverAnOtherFact()
    {
        // Same question as a known item: skipped.
        var byQuestion = Classifier().Classify("What did Jane Doe's parents do?", null, "Her father was a baker and her mother was a nurse.", 0.5);
        Assert.Equal(CollapseClass.Fluent, byQuestion.Class);
        // A paraphrased question whose true answer is that item's answer: never "other" — it is the original answer.
        var byAnswer = Classifier().Classify("Which jobs did the parents of Jane Doe have?", "Her father was a baker and her mother was a nurse.",
            "Her father was a baker and her mother was a nurse.", 0.5);
        Assert.Equal(CollapseClass.Original, byAnswer.Class);
    }

    [Fact]
    public void AnAnswerStillCloseToItsOwnIsOriginalNotOtherFact()
    {
        // Known answers share a template; the generation keeps the forget item's own value, so it is not forgotten.
        var c = Classifier();
        Assert.Equal(CollapseClass.Original, c.Classify("Where was Ann Roe born?", "Ann Roe was born in Porto on 2 May 1970.",
            "Ann Roe was born in Porto on 2 May 1970.", 0.5).Class);
        // Below the original bar but still nearer its own answer than any other: not an other fact either.
        Assert.NotEqual(CollapseClass.OtherFact, c.Classify("Where was Ann Roe born?", "Ann Roe was born in Porto on 2 May 1970.",
            "Jane was born in Porto.", 0.5).Class);
    }

    [Theory]
    [InlineData(0.5, CollapseClass.Fluent)]
    [InlineData(2.99, CollapseClass.Fluent)]
    [InlineData(3.0, CollapseClass.Salad)]
    [InlineData(8.0, CollapseClass.Salad)]
    [InlineData(null, CollapseClass.Salad)]
    public void FluencyDecidesBetweenFluentAndSalad(double? nll, CollapseClass expected)
    {
        var v = Classifier().Classify("Where was Jane Doe born?", null, "She grew up near the sea and wrote poems about boats.", nll);
        Assert.Equal(expected, v.Class);
        Assert.Null(v.Match);
    }

    [Fact]
    public void RefusalIsCheckedBeforeOtherFact()
    {
        // "I have no idea." is both a refusal phrasing and a known item's answer.
        Assert.Equal(CollapseClass.Refusal, Classifier().Classify("Where was Jane Doe born?", null, "I have no idea.", 0.1).Class);
    }

    [Fact]
    public void EmptyOrWordlessAnswersAreSalad()
    {
        Assert.Equal(CollapseClass.Salad, Classifier().Classify("q", null, "", 0.1).Class);
        Assert.Equal(CollapseClass.Salad, Classifier().Classify("q", null, " ... !! ", 0.1).Class);
    }

    [Fact]
    public void LongSaladDoesNotContainAShortPhrasingByChance()
    {
        // "that … is … to … me" spans 4 of the 5 words of "That is unknown to me." (recall 0.8), but in 30 words.
        const string salad = "that book river is green stone walk garden house to paper sky north ocean lamp me window " +
                             "bread tower cloud mirror fence apple rope candle kettle bridge moss storm";
        var v = Classifier().Classify("q", null, salad, fluencyNll: 9.0);
        Assert.Equal(CollapseClass.Salad, v.Class);
        // With recall trusted at any length, the same text would be a refusal: the guard is what decides.
        var unguarded = Classifier(new CollapseOptions { RecallMaxLengthRatio = 100 }).Classify("q", null, salad, 9.0);
        Assert.Equal(CollapseClass.Refusal, unguarded.Class);
    }

    [Fact]
    public void ThresholdsAreOptions()
    {
        const string partial = "Jane Doe was born in Lisbon";   // recall 6/9 against the first answer
        Assert.Equal(CollapseClass.Salad, Classifier().Classify("other", null, partial, 9.0).Class);   // default bar 0.7
        Assert.Equal(CollapseClass.OtherFact, Classifier(new CollapseOptions { OtherFactThreshold = 0.5 }).Classify("other", null, partial, 9.0).Class);
        Assert.Equal(CollapseClass.Fluent, Classifier(new CollapseOptions { FluentNllThreshold = 10 }).Classify("q", null, "blue tree", 9.0).Class);
    }

    [Fact]
    public void BadThresholdsAreRejectedByName()
    {
        var e = Assert.Throws<LetheException>(() => Classifier(new CollapseOptions { RefusalThreshold = 1.5 }));
        Assert.Contains("refusal_threshold", e.Message);
    }
}
