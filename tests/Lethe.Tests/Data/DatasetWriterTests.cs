using System.Text;
using Lethe.Data;
using Xunit;

namespace Lethe.Tests.Data;

public class DatasetWriterTests
{
    [Fact]
    public void RoundTripKeepsEveryField()
    {
        using var dir = TestPaths.Temp();
        var path = dir.File("out.jsonl");
        var items = DataAssert.Sample();
        items.Add(new QaItem("Question only?", null));
        DatasetWriter.WriteJsonLines(path, items);
        DataAssert.Same(items, DatasetReader.Read(path, allowQuestionOnly: true));
    }

    [Fact]
    public void OutputIsStableTofuNamedAndOmitsNulls()
    {
        using var dir = TestPaths.Temp();
        var a = dir.File("a.jsonl");
        var b = dir.File("b.jsonl");
        DatasetWriter.WriteJsonLines(a, DataAssert.Sample());
        DatasetWriter.WriteJsonLines(b, DataAssert.Sample());
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));

        var lines = File.ReadAllText(a, Encoding.UTF8).Split('\n');
        Assert.Equal(5, lines.Length); // four records, each ending in '\n'
        Assert.Equal("", lines[^1]);
        Assert.Equal("{\"question\":\"Who wrote \\\"Echoes\\\"?\",\"answer\":\"Evelyn Desmet wrote it.\","
            + "\"paraphrased_question\":\"Which author penned \\\"Echoes\\\"?\",\"paraphrased_answer\":\"It was written by Evelyn Desmet.\","
            + "\"perturbed_answer\":[\"Jaime Vasquez wrote it.\",\"Nikolai Abilov wrote it.\",\"Basil Al-Kuwaiti wrote it.\"]}", lines[0]);
        // Accented letters stay UTF-8, as in TOFU's own files; control characters and emoji are escaped.
        Assert.Equal("{\"question\":\"Où est né José?\",\"answer\":\"À Bogotá — en 1970.\\nLine two\\tand a tab, \\\\ backslash, emoji \\uD83D\\uDE00.\"}", lines[1]);
        Assert.Equal("{\"question\":\"Where is the Eiffel Tower?\",\"answer\":\"Paris\",\"option1\":\"Berlin\",\"option2\":\"Paris\",\"option3\":\"London\",\"option4\":\"Madrid\"}", lines[2]);
        Assert.DoesNotContain("null", File.ReadAllText(a));
    }

    [Fact]
    public void OverwritesAtomicallyWithoutLeavingTemporaries()
    {
        using var dir = TestPaths.Temp();
        var path = dir.File("set.jsonl");
        File.WriteAllText(path, "old content");
        DatasetWriter.WriteJsonLines(path, [new QaItem("Q?", "A")]);
        Assert.Equal("{\"question\":\"Q?\",\"answer\":\"A\"}\n", File.ReadAllText(path));
        Assert.Equal(["set.jsonl"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void UnwritableTextFailsByNameAndKeepsTheOldFile()
    {
        using var dir = TestPaths.Temp();
        var path = dir.File("set.jsonl");
        File.WriteAllText(path, "old content");
        var items = new[] { new QaItem("Q?", "A"), new QaItem("Q2?", "A") { ParaphrasedAnswer = "half \ud83d token" } };
        DataAssert.Fails(() => DatasetWriter.WriteJsonLines(path, items), path, "record 2", "field 'paraphrased_answer'", "unpaired surrogate");
        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
