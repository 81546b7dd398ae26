namespace Lethe.Evaluation;

/// <summary>
/// Thresholds of the collapse profile (<see cref="CollapseClassifier"/>): what a forget answer turned into.
/// The checks run in order — refusal, other fact, fluent — and the first that holds decides; the rest is salad.
/// </summary>
public sealed record CollapseOptions
{
    /// <summary>
    /// A generation is a refusal when its ROUGE-L F-measure or recall against the closest refusal phrasing
    /// (idontknow) reaches this. 0.5: at least half of a phrasing such as "I don't know." is there, in order.
    /// </summary>
    public double RefusalThreshold { get; init; } = 0.5;

    /// <summary>
    /// A generation is also a refusal when at least this fraction of its words lie in a word bigram that occurs in
    /// some refusal phrasing ("built mostly from refusals", e.g. "I have no idea, I can't say"). 0.6 = "mostly".
    /// </summary>
    public double RefusalBigramCoverage { get; init; } = 0.6;

    /// <summary>
    /// A generation that still reaches this ROUGE-L recall against its own true answer is "original": not forgotten.
    /// 0.5: half of the answer's words, in order — the scale unlearn quality is measured on.
    /// </summary>
    public double OriginalThreshold { get; init; } = 0.5;

    /// <summary>
    /// A generation is an other fact when its similarity to some other item's answer (full set; never the item's
    /// own) reaches this and exceeds its similarity to its own answer. 0.7, stricter than the refusal bar: the
    /// benchmark's answers share templates ("The genre most associated with … is …"), so half of another answer's
    /// words match by the template alone.
    /// </summary>
    public double OtherFactThreshold { get; init; } = 0.7;

    /// <summary>
    /// Recall against a short text is only trusted when the generation is at most this many times as long (in
    /// ROUGE tokens); a longer generation is judged by its F-measure instead. Without this, a long word salad made of
    /// common words ("that … is … to") "contains" half of a five-word phrasing or answer by chance. 3 lets
    /// "I don't know who that is, sorry." match "I don't know." by recall.
    /// </summary>
    public double RecallMaxLengthRatio { get; init; } = 3.0;

    /// <summary>
    /// A generation is fluent when its mean per-token NLL (given the prompt) under the fluency reference model is
    /// below this, in nats. 3.0 nats ≈ a perplexity of 20: well above what a model assigns to ordinary text it
    /// writes itself (typically 0.5–2.5), well below random tokens (ln |vocab|, ≈ 9 for an 8k vocabulary).
    /// </summary>
    public double FluentNllThreshold { get; init; } = 3.0;

    /// <summary>Examples of each class kept in the results.</summary>
    public int ExamplesPerClass { get; init; } = 3;

    public void Validate()
    {
        static void Fraction(string name, double v)
        {
            if (!(v >= 0 && v <= 1)) throw new LetheException($"collapse option {name} must be between 0 and 1 (got {v})");
        }
        Fraction("refusal_threshold", RefusalThreshold);
        Fraction("refusal_bigram_coverage", RefusalBigramCoverage);
        Fraction("other_fact_threshold", OtherFactThreshold);
        Fraction("original_threshold", OriginalThreshold);
        if (!(RecallMaxLengthRatio >= 1) || double.IsInfinity(RecallMaxLengthRatio))
            throw new LetheException($"collapse option recall_max_length_ratio must be a finite number ≥ 1 (got {RecallMaxLengthRatio})");
        if (!(FluentNllThreshold > 0) || double.IsInfinity(FluentNllThreshold))
            throw new LetheException($"collapse option fluent_nll_threshold must be a finite number > 0 (got {FluentNllThreshold})");
        if (ExamplesPerClass is < 0 or > 1000)
            throw new LetheException($"collapse option examples_per_class must be between 0 and 1000 (got {ExamplesPerClass})");
    }
}
