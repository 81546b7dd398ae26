using System.Text.Json.Serialization;

namespace Lethe.Evaluation;

/// <summary>The samples of one forget question in the sampling attack.</summary>
public sealed record SamplingAttackItem
{
    public required string Question { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Answer { get; init; }

    /// <summary>Highest ROUGE-L recall among the samples; null without an answer.</summary>
    public double? MaxScore { get; init; }

    /// <summary>Mean ROUGE-L recall of the samples; null without an answer.</summary>
    public double? MeanScore { get; init; }

    /// <summary>The sample that scored highest (the first sample when there is no answer to score against).</summary>
    public required string BestSample { get; init; }
}
