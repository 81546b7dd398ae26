namespace Lethe.Data;

/// <summary>
/// Which file holds each part of a TOFU-style benchmark. Only <see cref="Forget"/> is always needed; a null
/// path means that part is absent, and <see cref="TofuDataset"/> says so by name when someone asks for it.
/// </summary>
public sealed record TofuFiles(string Forget)
{
    /// <summary>The retain set (retain90 for split 10): knowledge that must survive.</summary>
    public string? Retain { get; init; }

    /// <summary>TOFU's <c>retain_perturbed</c>: a retain subset with paraphrased and perturbed answers, for evaluation.</summary>
    public string? RetainPerturbed { get; init; }

    /// <summary>TOFU's <c>world_facts</c> (multiple choice, <c>option1..4</c>).</summary>
    public string? WorldFacts { get; init; }

    /// <summary>TOFU's <c>real_authors</c> (multiple choice, <c>option1..4</c>).</summary>
    public string? RealAuthors { get; init; }

    /// <summary>TOFU's <c>full</c>: every fictitious-author question.</summary>
    public string? Full { get; init; }

    /// <summary>Refusal phrasings, one per line (TOFU's <c>idontknow.jsonl</c>).</summary>
    public string? Refusals { get; init; }
}
