namespace Lethe.Evaluation;

/// <summary>
/// The class of one generation, with what decided it: for a refusal the closest phrasing, for an other fact the
/// question of the item whose answer it reproduces (its question, never its answer, which may be private).
/// </summary>
public readonly record struct CollapseVerdict(CollapseClass Class, string? Match);
