namespace Lethe.Data;

/// <summary>
/// One question/answer record with TOFU's fields. <see cref="Answer"/> may be null: a forget set of questions
/// alone is valid input for PMC, which never needs the private answers.
/// </summary>
public sealed record QaItem(string Question, string? Answer)
{
    /// <summary>TOFU <c>paraphrased_question</c>.</summary>
    public string? ParaphrasedQuestion { get; init; }

    /// <summary>TOFU <c>paraphrased_answer</c>.</summary>
    public string? ParaphrasedAnswer { get; init; }

    /// <summary>TOFU <c>perturbed_answer</c>: wrong answers of the same form.</summary>
    public IReadOnlyList<string>? PerturbedAnswers { get; init; }

    /// <summary>TOFU <c>option1..option4</c> (world_facts, real_authors), in order; null when absent.</summary>
    public IReadOnlyList<string>? Options { get; init; }
}
