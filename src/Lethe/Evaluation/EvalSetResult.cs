namespace Lethe.Evaluation;

/// <summary>Greedy answers to one question set and their mean ROUGE-L recall.</summary>
public sealed record EvalSetResult
{
    /// <summary>Mean ROUGE-L recall over the items that have a reference answer; null when none has.</summary>
    public double? RougeLRecall { get; init; }

    /// <summary>Questions asked.</summary>
    public int Count { get; init; }

    /// <summary>Questions with a reference answer, which the mean is over.</summary>
    public int Scored { get; init; }

    public required IReadOnlyList<EvalItem> Items { get; init; }
}
