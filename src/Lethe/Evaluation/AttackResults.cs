namespace Lethe.Evaluation;

/// <summary>The leakage attacks that were run; an attack not asked for is null.</summary>
public sealed record AttackResults
{
    public PrefillAttackResult? Prefill { get; init; }

    public SamplingAttackResult? Sampling { get; init; }
}
