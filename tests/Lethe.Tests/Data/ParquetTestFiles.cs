using System.Text.Json.Serialization;
using Lethe.Data;
using Parquet;
using Parquet.Serialization;
using Parquet.Serialization.Attributes;

namespace Lethe.Tests.Data;

/// <summary>TOFU rows as Parquet.Net serialises a class: optional string columns and an optional list column.</summary>
public sealed class TofuParquetRow
{
    [JsonPropertyName("question")] public string? Question { get; set; }
    [JsonPropertyName("answer")] public string? Answer { get; set; }
    [JsonPropertyName("paraphrased_question")] public string? ParaphrasedQuestion { get; set; }
    [JsonPropertyName("paraphrased_answer")] public string? ParaphrasedAnswer { get; set; }
    [JsonPropertyName("perturbed_answer")] public List<string>? PerturbedAnswer { get; set; }
    [JsonPropertyName("option1")] public string? Option1 { get; set; }
    [JsonPropertyName("option2")] public string? Option2 { get; set; }
    [JsonPropertyName("option3")] public string? Option3 { get; set; }
    [JsonPropertyName("option4")] public string? Option4 { get; set; }
    // A column the reader must ignore.
    [JsonPropertyName("row_id")] public long RowId { get; set; }

    public static TofuParquetRow From(QaItem item, long id) => new()
    {
        Question = item.Question,
        Answer = item.Answer,
        ParaphrasedQuestion = item.ParaphrasedQuestion,
        ParaphrasedAnswer = item.ParaphrasedAnswer,
        PerturbedAnswer = item.PerturbedAnswers?.ToList(),
        Option1 = item.Options?.ElementAtOrDefault(0),
        Option2 = item.Options?.ElementAtOrDefault(1),
        Option3 = item.Options?.ElementAtOrDefault(2),
        Option4 = item.Options?.ElementAtOrDefault(3),
        RowId = id,
    };
}

/// <summary>Pandas-style rows: required (non-null) question and answer columns, nothing else.</summary>
public sealed class RequiredQaRow
{
    [JsonPropertyName("question"), ParquetRequired] public string Question { get; set; } = "";
    [JsonPropertyName("answer"), ParquetRequired] public string Answer { get; set; } = "";
}

public static class ParquetTestFiles
{
    public static async Task Write<T>(string path, IEnumerable<T> rows, int? rowGroupSize = null, CompressionMethod compression = CompressionMethod.Snappy)
        where T : class, new()
        => await ParquetSerializer.SerializeAsync(rows, path, new ParquetOptions { RowGroupSize = rowGroupSize, CompressionMethod = compression });

    public static Task WriteItems(string path, IEnumerable<QaItem> items, int? rowGroupSize = null, CompressionMethod compression = CompressionMethod.Snappy)
        => Write(path, items.Select((item, i) => TofuParquetRow.From(item, i)), rowGroupSize, compression);
}
