namespace Lethe.Evaluation;

/// <summary>How many forget answers fell into one collapse class, and a few of them.</summary>
public sealed record CollapseClassSummary
{
    public int Count { get; init; }

    /// <summary>Count / classified answers (0 when there were none).</summary>
    public double Fraction { get; init; }

    public required IReadOnlyList<CollapseExample> Examples { get; init; }
}
