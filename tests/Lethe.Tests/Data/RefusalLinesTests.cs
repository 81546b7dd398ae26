using System.Text;
using Lethe.Data;
using Xunit;

namespace Lethe.Tests.Data;

public class RefusalLinesTests
{
    [Fact]
    public void PlainAndJsonStringLinesMix()
    {
        using var dir = TestPaths.Temp();
        var path = dir.File("idk.jsonl");
        File.WriteAllText(path, "\uFEFFI don't know.\r\n\r\n\"I'm not sure, \\\"really\\\".\"\n  Padded line.  \n\"Unicode \\u00e9\"\nNo final newline", new UTF8Encoding(false));
        Assert.Equal(["I don't know.", "I'm not sure, \"really\".", "Padded line.", "Unicode \u00e9", "No final newline"], DatasetReader.ReadLines(path));
    }

    [Fact]
    public void WriterAndReaderRoundTripAwkwardLines()
    {
        using var dir = TestPaths.Temp();
        var path = dir.File("out.jsonl");
        string[] lines = ["Plain.", "\"Quoted\" start and end\"", "Two\nlines", "  spaced  ", "{braces}", "Ünïcödé 😀"];
        DatasetWriter.WriteLines(path, lines);
        Assert.Equal(lines, DatasetReader.ReadLines(path));
    }

    [Fact]
    public void BadLinesAreNamed()
    {
        using var dir = TestPaths.Temp();
        var path = dir.File("bad.jsonl");
        File.WriteAllBytes(path, [.. "ok\nfine\n"u8, 0x80, .. "x\n"u8]);
        DataAssert.Fails(() => DatasetReader.ReadLines(path), path, "line 3", "UTF-8");

        File.WriteAllText(path, "ok\n\"bad \\q escape\"\n");
        DataAssert.Fails(() => DatasetReader.ReadLines(path), path, "line 2", "JSON string");

        File.WriteAllText(path, "ok\n{\"text\": \"an object\"}\n");
        DataAssert.Fails(() => DatasetReader.ReadLines(path), path, "line 2", "JSON object");

        File.WriteAllText(path, "\n  \n");
        DataAssert.Fails(() => DatasetReader.ReadLines(path), path, "no lines");
    }
}
