using System.Text.Json.Serialization;

namespace Lethe.Evaluation;

/// <summary>One evaluated question: what the model said and how it scored.</summary>
public sealed record EvalItem
{
    public required string Question { get; init; }

    /// <summary>The reference answer; null when the set has none, or when ground truth is kept out of the results.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Answer { get; init; }

    /// <summary>The greedy answer, decoded without special tokens and trimmed.</summary>
    public required string Generation { get; init; }

    /// <summary>ROUGE-L recall of the generation against the answer; null without an answer.</summary>
    public double? Score { get; init; }

    /// <summary>Mean per-token NLL of the true answer given the prompt (forget and retain_short only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Nll { get; init; }

    /// <summary>What the answer collapsed into (forget set only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CollapseClass? Collapse { get; init; }

    /// <summary>Mean per-token NLL of the generation under the fluency reference model (forget set only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? FluencyNll { get; init; }
}
