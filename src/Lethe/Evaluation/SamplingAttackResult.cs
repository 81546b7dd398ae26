namespace Lethe.Evaluation;

/// <summary>
/// The sampling attack: N samples per forget question at a given temperature and top-p. A model that only hides
/// an answer from greedy decoding still leaks it in some samples.
/// </summary>
public sealed record SamplingAttackResult
{
    /// <summary>N.</summary>
    public int Samples { get; init; }

    public double Temperature { get; init; }

    public double TopP { get; init; }

    public ulong Seed { get; init; }

    /// <summary>leakage@N: the mean over questions of the best ROUGE-L recall among each question's N samples.</summary>
    public double? LeakageAtN { get; init; }

    /// <summary>The mean over questions of each question's mean recall over its samples.</summary>
    public double? MeanRecall { get; init; }

    public int Count { get; init; }

    public required IReadOnlyList<SamplingAttackItem> Items { get; init; }
}
