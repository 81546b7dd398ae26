using Lethe.Data;
using Xunit;

namespace Lethe.Tests.Data;

/// <summary>The real TOFU files in ../shared/data/tofu-sample, in the layouts they are found in.</summary>
public class TofuSampleTests
{
    static string Sample(string name) => TestPaths.SharedPath("data", "tofu-sample", name);

    [SharedTheory]
    [InlineData("forget01.json", DataFormat.JsonLines)]
    [InlineData("forget01_perturbed.json", DataFormat.JsonLines)]
    [InlineData("retain_sample.json", DataFormat.JsonLines)]
    [InlineData("real_authors.json", DataFormat.JsonLines)]
    [InlineData("world_facts.json", DataFormat.JsonArray)]
    public void FormatIsDetectedFromContent(string name, DataFormat expected)
        => Assert.Equal(expected, DatasetReader.DetectFormat(Sample(name)));

    [SharedFact]
    public void Forget01HasQuestionsAndAnswersOnly()
    {
        var items = DatasetReader.Read(Sample("forget01.json"));
        Assert.Equal(40, items.Count);
        Assert.Equal("What is the full name of the author born in Kuwait City, Kuwait on 08/09/1956?", items[0].Question);
        Assert.StartsWith("The full name of the fictitious author born in Kuwait City", items[0].Answer);
        Assert.All(items, i =>
        {
            Assert.False(string.IsNullOrWhiteSpace(i.Answer));
            Assert.Null(i.ParaphrasedQuestion);
            Assert.Null(i.PerturbedAnswers);
            Assert.Null(i.Options);
        });
    }

    [SharedFact]
    public void Forget01PerturbedHasParaphrasesAndFivePerturbedAnswers()
    {
        var items = DatasetReader.Read(Sample("forget01_perturbed.json"));
        var plain = DatasetReader.Read(Sample("forget01.json"));
        Assert.Equal(40, items.Count);
        Assert.Equal(plain.Select(i => i.Question), items.Select(i => i.Question));
        Assert.Equal(plain.Select(i => i.Answer), items.Select(i => i.Answer));
        Assert.All(items, i =>
        {
            Assert.False(string.IsNullOrWhiteSpace(i.ParaphrasedQuestion));
            Assert.False(string.IsNullOrWhiteSpace(i.ParaphrasedAnswer));
            Assert.Equal(5, i.PerturbedAnswers!.Count);
            Assert.All(i.PerturbedAnswers, p => Assert.False(string.IsNullOrWhiteSpace(p)));
        });
        Assert.StartsWith("Gregor Mendel Al-Kuwaiti is the complete name", items[0].PerturbedAnswers![0]);
        Assert.Equal("How does Nikolai Abilov create a distinct approach to African American storytelling?", items[^1].ParaphrasedQuestion);
    }

    [SharedFact]
    public void RetainSampleHas200Rows()
    {
        var items = DatasetReader.Read(Sample("retain_sample.json"));
        Assert.Equal(200, items.Count);
        Assert.Equal("Has Jaime Vasquez taken part in any literary programs or workshops?", items[0].Question);
        // Non-ASCII text (a typographic apostrophe) survives decoding.
        Assert.Contains(items, i => i.Question.Contains('\u2019'));
    }

    [SharedTheory]
    [InlineData("real_authors.json", 100, "Who wrote the play 'Romeo and Juliet'?", "William Shakespeare", "Charles Dickens")]
    [InlineData("world_facts.json", 117, "Where would you find the Eiffel Tower?", "Paris", "Berlin")]
    public void MultipleChoiceSetsHaveFourOptionsIncludingTheAnswer(string name, int count, string firstQuestion, string firstAnswer, string firstOption)
    {
        var items = DatasetReader.Read(Sample(name));
        Assert.Equal(count, items.Count);
        Assert.Equal(firstQuestion, items[0].Question);
        Assert.Equal(firstAnswer, items[0].Answer);
        Assert.Equal(firstOption, items[0].Options![0]);
        Assert.All(items, i =>
        {
            Assert.Equal(4, i.Options!.Count);
            Assert.Contains(i.Answer, i.Options);
        });
    }

    [SharedFact]
    public void IdontknowHasOneHundredRefusals()
    {
        var lines = DatasetReader.ReadLines(Sample("idontknow.jsonl"));
        Assert.Equal(100, lines.Count);
        Assert.Equal("I'm not certain about that.", lines[0]);
        Assert.Equal("I'm not sure I can help with that.", lines[^1]);
        Assert.Equal(lines.Count, lines.Distinct().Count());
    }

    [SharedFact]
    public void SampleFolderAddressedAsSplitOne()
    {
        var data = TofuDataset.FromFolder(TestPaths.SharedPath("data", "tofu-sample"), 1);
        // forget01_perturbed wins over forget01: it carries the paraphrases.
        Assert.Equal("forget01_perturbed.json", Path.GetFileName(data.Files.Forget));
        Assert.Equal(40, data.Forget.Count);
        Assert.NotNull(data.Forget[0].PerturbedAnswers);
        Assert.Equal(117, data.WorldFacts.Count);
        Assert.Equal(100, data.RealAuthors.Count);
        Assert.Equal(100, data.Refusals.Count);
        // The sample has retain_sample.json, not retain99: asking for it names what was looked for.
        var e = Assert.Throws<LetheException>(() => data.Retain);
        Assert.Contains("retain99{.json,.jsonl,.parquet}", e.Message);
        Assert.Null(data.Files.Full);
    }
}
