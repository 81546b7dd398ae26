using System.Text.Json.Serialization;

namespace Lethe.Evaluation;

/// <summary>One forget answer shown as an example of its collapse class.</summary>
public sealed record CollapseExample
{
    public required string Question { get; init; }

    public required string Generation { get; init; }

    public double? FluencyNll { get; init; }

    /// <summary>The refusal phrasing, or the other item's question, that decided the class.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Match { get; init; }
}
