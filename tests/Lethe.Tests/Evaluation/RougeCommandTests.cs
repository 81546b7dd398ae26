using System.CommandLine;
using System.Text.Json;
using Lethe.Cli;
using Xunit;

namespace Lethe.Tests.Evaluation;

/// <summary>`lethe rouge` run in-process, output captured through System.CommandLine's configurable Output.</summary>
public class RougeCommandTests
{
    static (int ExitCode, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        int code = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration
        {
            Output = output,
            Error = new StringWriter(),
            EnableDefaultExceptionHandler = false,
        });
        return (code, output.ToString());
    }

    [SharedFact]
    public void JsonlOutputMatchesEveryGoldenValue()
    {
        var cases = RougeGoldenCase.Load();
        var (code, output) = Run("rouge", "--jsonl", RougeGoldenCase.JsonlPath);
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(cases.Count, lines.Length);
        var mismatches = new List<string>();
        for (int i = 0; i < cases.Count; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            string where = $"output line {i + 1} (public.jsonl line {cases[i].Line})";
            mismatches.AddRange(RougeGoldenCase.Mismatches(where, "rouge1", cases[i].Rouge1,
                RougeGoldenCase.Triple(doc.RootElement.GetProperty("rouge1"))));
            mismatches.AddRange(RougeGoldenCase.Mismatches(where, "rougeL", cases[i].RougeL,
                RougeGoldenCase.Triple(doc.RootElement.GetProperty("rougeL"))));
        }
        if (mismatches.Count > 0) Assert.Fail($"{mismatches.Count} values differ; first: {mismatches[0]}");
    }

    [Fact]
    public void SinglePairPrintsOneLineWithShortestRoundTripDoubles()
    {
        var (code, output) = Run("rouge", "--reference", "one two three", "--prediction", "one three");
        Assert.Equal(0, code);
        Assert.Equal(
            "{\"rouge1\":{\"precision\":1,\"recall\":0.6666666666666666,\"fmeasure\":0.8}," +
            "\"rougeL\":{\"precision\":1,\"recall\":0.6666666666666666,\"fmeasure\":0.8}}",
            output.TrimEnd('\n', '\r'));
    }

    [Fact]
    public void BlankLinesAreSkippedAndOrderIsKept()
    {
        using var dir = TestPaths.Temp();
        var file = dir.File("pairs.jsonl");
        File.WriteAllText(file, "{\"reference\": \"a b\", \"prediction\": \"a b\"}\n\n{\"prediction\": \"x\", \"reference\": \"y\"}\n");
        var (code, output) = Run("rouge", "--jsonl", file);
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"fmeasure\":1", lines[0]);
        Assert.Contains("\"fmeasure\":0", lines[1]);
    }

    [Theory]
    [InlineData("{\"reference\": \"a\", \"prediction\": ", "invalid JSON")]
    [InlineData("[\"a\", \"b\"]", "expected a JSON object")]
    [InlineData("{\"reference\": \"a\"}", "missing field \"prediction\"")]
    [InlineData("{\"prediction\": \"a\"}", "missing field \"reference\"")]
    [InlineData("{\"reference\": 3, \"prediction\": \"a\"}", "field \"reference\" must be a string")]
    [InlineData("{\"reference\": \"a\", \"prediction\": null}", "field \"prediction\" must be a string")]
    [InlineData("{\"reference\": \"a\\ud800b\", \"prediction\": \"a\"}", "field \"reference\" is not valid Unicode text")]
    public void BadRecordNamesFileAndLine(string badLine, string expectedMessage)
    {
        using var dir = TestPaths.Temp();
        var file = dir.File("bad.jsonl");
        File.WriteAllText(file, "{\"reference\": \"fine\", \"prediction\": \"fine\"}\n\n" + badLine + "\n");
        var e = Assert.Throws<LetheException>(() => Run("rouge", "--jsonl", file));
        Assert.Contains(file, e.Message);
        Assert.Contains("line 3", e.Message);
        Assert.Contains(expectedMessage, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void MissingFileIsAUserError()
    {
        using var dir = TestPaths.Temp();
        var e = Assert.Throws<LetheException>(() => Run("rouge", "--jsonl", dir.File("nope.jsonl")));
        Assert.Contains("nope.jsonl", e.Message);
    }

    [Theory]
    [InlineData("rouge")]
    [InlineData("rouge", "--reference", "a")]
    [InlineData("rouge", "--prediction", "a")]
    [InlineData("rouge", "--jsonl", "x.jsonl", "--reference", "a")]
    public void InconsistentOptionsAreUserErrors(params string[] args)
    {
        var e = Assert.Throws<LetheException>(() => Run(args));
        Assert.StartsWith("rouge:", e.Message);
    }
}
