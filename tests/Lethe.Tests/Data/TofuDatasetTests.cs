using Lethe.Data;
using Xunit;

namespace Lethe.Tests.Data;

public class TofuDatasetTests
{
    static QaItem Item(string tag) => new($"{tag} question?", $"{tag} answer");

    [Theory]
    [InlineData(1, "forget01", "retain99")]
    [InlineData(5, "forget05", "retain95")]
    [InlineData(10, "forget10", "retain90")]
    public void SplitStemsArePaddedToTwoDigits(int split, string forget, string retain)
        => Assert.Equal((forget, retain), TofuDataset.SplitStems(split));

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(-5)]
    public void SplitOutOfRangeIsRejected(int split)
    {
        var e = Assert.Throws<LetheException>(() => TofuDataset.SplitStems(split));
        Assert.Contains("--split", e.Message);
    }

    [Fact]
    public async Task FolderIsResolvedBySplitAcrossExtensions()
    {
        using var dir = TestPaths.Temp();
        DatasetWriter.WriteJsonLines(dir.File("forget10.json"), [Item("plain")]);
        DatasetWriter.WriteJsonLines(dir.File("forget10_perturbed.jsonl"), [Item("perturbed") with { PerturbedAnswers = ["x", "y"] }]);
        await ParquetTestFiles.WriteItems(dir.File("retain90.parquet"), [Item("r1"), Item("r2")]);
        DatasetWriter.WriteJsonLines(dir.File("retain99.json"), [Item("wrong split")]);
        DatasetWriter.WriteJsonLines(dir.File("full.json"), [Item("f1"), Item("f2"), Item("f3")]);
        DatasetWriter.WriteLines(dir.File("idontknow.jsonl"), ["I don't know."]);

        var data = TofuDataset.FromFolder(dir.Path, 10);
        Assert.Equal(10, data.Split);
        Assert.Equal("perturbed question?", Assert.Single(data.Forget).Question);
        Assert.Equal(["r1 question?", "r2 question?"], data.Retain.Select(i => i.Question));
        Assert.Equal(3, data.Full.Count);
        Assert.Equal(["I don't know."], data.Refusals);
        Assert.Null(data.Files.WorldFacts);
        var e = Assert.Throws<LetheException>(() => data.WorldFacts);
        Assert.Contains(Path.Combine(dir.Path, "world_facts") + "{.json,.jsonl,.parquet}", e.Message);

        // Without the perturbed file, the plain one is the forget set.
        File.Delete(dir.File("forget10_perturbed.jsonl"));
        Assert.Equal("plain question?", Assert.Single(TofuDataset.FromFolder(dir.Path, 10).Forget).Question);
    }

    [Fact]
    public void MissingForgetSetNamesBothCandidates()
    {
        using var dir = TestPaths.Temp();
        DatasetWriter.WriteJsonLines(dir.File("forget10.json"), [Item("a")]);
        var e = Assert.Throws<LetheException>(() => TofuDataset.FromFolder(dir.Path, 5));
        Assert.Contains(Path.Combine(dir.Path, "forget05_perturbed") + "{.json,.jsonl,.parquet}", e.Message);
        Assert.Contains(Path.Combine(dir.Path, "forget05") + "{.json,.jsonl,.parquet}", e.Message);

        var missing = Path.Combine(dir.Path, "nope");
        Assert.Contains(missing, Assert.Throws<LetheException>(() => TofuDataset.FromFolder(missing, 10)).Message);
    }

    [Fact]
    public void TwoFilesForOnePartAreAmbiguous()
    {
        using var dir = TestPaths.Temp();
        DatasetWriter.WriteJsonLines(dir.File("forget10.json"), [Item("a")]);
        DatasetWriter.WriteJsonLines(dir.File("forget10.jsonl"), [Item("b")]);
        var e = Assert.Throws<LetheException>(() => TofuDataset.FromFolder(dir.Path, 10));
        Assert.Contains("forget10.json and forget10.jsonl", e.Message);
    }

    [Fact]
    public void ExplicitFilesWithAQuestionOnlyForgetSet()
    {
        using var dir = TestPaths.Temp();
        var forget = dir.File("my-forget.txt");
        DatasetWriter.WriteJsonLines(forget, [new QaItem("Who is X?", null), new QaItem("Where was X born?", null)]);
        var retain = dir.File("keep.parquet.bak");
        DatasetWriter.WriteJsonLines(retain, [Item("keep")]);

        DataAssert.Fails(() => TofuDataset.FromFiles(new TofuFiles(forget)), forget, "record 1", "field 'answer'");
        var data = TofuDataset.FromFiles(new TofuFiles(forget) { Retain = retain }, forgetQuestionOnly: true);
        Assert.Equal(2, data.Forget.Count);
        Assert.All(data.Forget, i => Assert.Null(i.Answer));
        Assert.Equal("keep answer", Assert.Single(data.Retain).Answer);
        Assert.Null(data.Folder);
        Assert.Contains("no real_authors set file was given", Assert.Throws<LetheException>(() => data.RealAuthors).Message);

        var absent = dir.File("absent.json");
        Assert.Contains(absent, Assert.Throws<LetheException>(() => TofuDataset.FromFiles(new TofuFiles(forget) { WorldFacts = absent }, true)).Message);
    }
}
