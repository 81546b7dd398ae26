using System.Text;
using System.Text.Json.Nodes;
using Lethe.Data;
using Parquet;
using Xunit;

namespace Lethe.Tests.Data;

public class FormatEquivalenceTests
{
    [Fact]
    public async Task JsonArrayJsonLinesAndParquetGiveTheSameItems()
    {
        using var dir = TestPaths.Temp();
        var items = DataAssert.Sample();

        var lines = dir.File("lines.json");
        DatasetWriter.WriteJsonLines(lines, items);
        var array = dir.File("array.jsonl"); // the extension lies on purpose: content decides
        File.WriteAllText(array, "[" + string.Join(",", File.ReadAllLines(lines)) + "]");
        var pretty = dir.File("pretty.json");
        File.WriteAllText(pretty, "\uFEFF" + JsonNode.Parse(File.ReadAllText(array))!.ToJsonString(new() { WriteIndented = true }));
        var parquet = dir.File("items.parquet");
        await ParquetTestFiles.WriteItems(parquet, items, rowGroupSize: 3);

        Assert.Equal(DataFormat.JsonLines, DatasetReader.DetectFormat(lines));
        Assert.Equal(DataFormat.JsonArray, DatasetReader.DetectFormat(array));
        Assert.Equal(DataFormat.JsonArray, DatasetReader.DetectFormat(pretty));
        Assert.Equal(DataFormat.Parquet, DatasetReader.DetectFormat(parquet));
        foreach (var path in new[] { lines, array, pretty, parquet })
            DataAssert.Same(items, DatasetReader.Read(path));
    }

    [Theory]
    [InlineData(CompressionMethod.None)]
    [InlineData(CompressionMethod.Gzip)]
    [InlineData(CompressionMethod.Zstd)]
    public async Task ParquetWithManyRowGroupsAndCodecs(CompressionMethod codec)
    {
        using var dir = TestPaths.Temp();
        var items = Enumerable.Range(1, 250).Select(i => new QaItem($"Question {i}?", i % 7 == 0 ? $"Answer {i}" : $"A{i}")
        {
            PerturbedAnswers = i % 3 == 0 ? null : Enumerable.Range(0, i % 4).Select(k => $"wrong {i}.{k}").ToList(),
            ParaphrasedQuestion = i % 2 == 0 ? $"Paraphrase {i}" : null,
        }).ToList();
        var path = dir.File("many.parquet");
        await ParquetTestFiles.WriteItems(path, items, rowGroupSize: 64, compression: codec);
        DataAssert.Same(items, DatasetReader.Read(path));
    }

    [Fact]
    public async Task ParquetWithRequiredColumns()
    {
        using var dir = TestPaths.Temp();
        var path = dir.File("required.parquet");
        await ParquetTestFiles.Write(path, new[] { new RequiredQaRow { Question = "Q1?", Answer = "A1" }, new RequiredQaRow { Question = "Q2?", Answer = "A2" } });
        var items = DatasetReader.Read(path);
        Assert.Equal(["Q1?", "Q2?"], items.Select(i => i.Question));
        Assert.Equal(["A1", "A2"], items.Select(i => i.Answer));
    }

    [Fact]
    public async Task QuestionOnlyParquetNeedsPermission()
    {
        using var dir = TestPaths.Temp();
        var path = dir.File("questions.parquet");
        await ParquetTestFiles.WriteItems(path, [new QaItem("Q1?", null), new QaItem("Q2?", "A2"), new QaItem("Q3?", null)]);
        DataAssert.Fails(() => DatasetReader.Read(path), path, "record 1", "field 'answer'", "is null");
        var items = DatasetReader.Read(path, allowQuestionOnly: true);
        Assert.Equal([null, "A2", null], items.Select(i => i.Answer));
    }

    [Fact]
    public void JsonLinesWithBlankLinesCrlfAndBom()
    {
        using var dir = TestPaths.Temp();
        var path = dir.File("crlf.json");
        File.WriteAllText(path, "\uFEFF\r\n{\"question\": \"Q1?\", \"answer\": \"A1\"}\r\n\r\n   \r\n{\"question\": \"Q2?\", \"answer\": \"A2\", \"extra\": {\"nested\": [1, {\"x\": \"y\"}]}}", new UTF8Encoding(false));
        var items = DatasetReader.Read(path);
        Assert.Equal(["Q1?", "Q2?"], items.Select(i => i.Question));
        Assert.Equal(["A1", "A2"], items.Select(i => i.Answer));
    }

    [Fact]
    public void LargeJsonLinesStreamsAcrossBufferBoundaries()
    {
        using var dir = TestPaths.Temp();
        // Long values force tokens to straddle the reader's 64 KiB buffer and make it grow.
        var items = Enumerable.Range(0, 60).Select(i => new QaItem($"Q{i} " + new string('q', i * 997), new string((char)('a' + i % 26), 150_000 + i))).ToList();
        var path = dir.File("big.jsonl");
        DatasetWriter.WriteJsonLines(path, items);
        DataAssert.Same(items, DatasetReader.Read(path));
        var array = dir.File("big-array.json");
        File.WriteAllText(array, "[\n" + string.Join(",\n", File.ReadAllLines(path)) + "\n]");
        DataAssert.Same(items, DatasetReader.Read(array));
    }
}
