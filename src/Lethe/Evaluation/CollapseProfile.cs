namespace Lethe.Evaluation;

/// <summary>
/// What the greedy forget answers turned into. A high unlearn quality made of word salad is a different product
/// from one made of polite refusals; this says which one a run produced.
/// </summary>
public sealed record CollapseProfile
{
    /// <summary>Forget answers classified.</summary>
    public int Count { get; init; }

    /// <summary>"reference" when a fluency reference model was given, else "evaluated" (the model itself).</summary>
    public required string FluencyModel { get; init; }

    /// <summary>Mean of the answers' mean per-token NLL under the fluency model (answers with at least one token).</summary>
    public double? MeanFluencyNll { get; init; }

    /// <summary>Answers that still reproduce the true answer (not forgotten).</summary>
    public required CollapseClassSummary Original { get; init; }
    public required CollapseClassSummary Refusal { get; init; }
    public required CollapseClassSummary OtherFact { get; init; }
    public required CollapseClassSummary Fluent { get; init; }
    public required CollapseClassSummary Salad { get; init; }

    /// <summary>The thresholds used.</summary>
    public required CollapseOptions Thresholds { get; init; }

    public CollapseClassSummary this[CollapseClass c] => c switch
    {
        CollapseClass.Original => Original,
        CollapseClass.Refusal => Refusal,
        CollapseClass.OtherFact => OtherFact,
        CollapseClass.Fluent => Fluent,
        _ => Salad,
    };
}
