namespace Lethe.Evaluation;

/// <summary>
/// The prefilling attack: each forget prompt continued after a forced "The answer is: ", greedily. Scores compare
/// the continuation (without the forced text) with the true answer.
/// </summary>
public sealed record PrefillAttackResult
{
    public required string Prefix { get; init; }

    /// <summary>Mean ROUGE-L recall on the forget set under attack; null without answers.</summary>
    public double? RougeLRecall { get; init; }

    public int Count { get; init; }

    public required IReadOnlyList<EvalItem> Items { get; init; }
}
