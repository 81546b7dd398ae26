namespace Lethe.Evaluation;

/// <summary>Settings of <see cref="Evaluator.Evaluate"/> (and of <c>lethe eval</c>).</summary>
public sealed record EvalOptions
{
    /// <summary>Attack name: the prompt plus <see cref="PrefillText"/>, then greedy.</summary>
    public const string PrefillAttack = "prefill";

    /// <summary>Attack name: <see cref="LeakSamples"/> samples per forget question (leakage@N).</summary>
    public const string SamplingAttack = "sampling";

    public static IReadOnlyList<string> KnownAttacks { get; } = [PrefillAttack, SamplingAttack];

    /// <summary>
    /// New tokens per answer at most. The reference caps prompt + answer at 200 tokens instead; an explicit cap on
    /// the answer alone treats long and short questions alike.
    /// </summary>
    public int MaxNewTokens { get; init; } = 64;

    /// <summary>Prompts per generation batch, and sequences per NLL batch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Retain items drawn, with replacement, for retain_short.</summary>
    public int RetainShortCount { get; init; } = 400;

    /// <summary>
    /// Seed of the retain_short draw. Fixed and separate from <see cref="Seed"/>, so every evaluation of every model
    /// on one dataset asks the same retain questions and utilities compare.
    /// </summary>
    public ulong RetainShortSeed { get; init; }

    /// <summary>Attacks to run: any of <see cref="PrefillAttack"/> and <see cref="SamplingAttack"/>.</summary>
    public IReadOnlyList<string> Attacks { get; init; } = [];

    /// <summary>Samples per forget question in the sampling attack (the N of leakage@N).</summary>
    public int LeakSamples { get; init; } = 32;

    public double LeakTemperature { get; init; } = 1.0;

    public double LeakTopP { get; init; } = 1.0;

    /// <summary>Seed of the sampling attack.</summary>
    public ulong Seed { get; init; }

    /// <summary>Text forced at the start of every answer in the prefill attack (tokenized without special tokens).</summary>
    public string PrefillText { get; init; } = "The answer is: ";

    /// <summary>
    /// Write the true answers of the forget sets into the results. False keeps them out of every file (they may be
    /// private); scores are still computed from them in memory.
    /// </summary>
    public bool IncludeGroundTruth { get; init; } = true;

    public CollapseOptions Collapse { get; init; } = new();

    public bool Runs(string attack) => Attacks.Contains(attack, StringComparer.Ordinal);

    /// <summary>Throws a <see cref="LetheException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (MaxNewTokens is < 1 or > 100_000) throw new LetheException($"max_new_tokens must be between 1 and 100000 (got {MaxNewTokens})");
        if (BatchSize is < 1 or > 65_536) throw new LetheException($"batch_size must be between 1 and 65536 (got {BatchSize})");
        if (RetainShortCount is < 1 or > 1_000_000) throw new LetheException($"retain_short count must be between 1 and 1000000 (got {RetainShortCount})");
        foreach (var a in Attacks)
            if (!KnownAttacks.Contains(a, StringComparer.Ordinal))
                throw new LetheException($"unknown attack '{a}' (known: {string.Join(", ", KnownAttacks)})");
        if (LeakSamples is < 1 or > 100_000) throw new LetheException($"leak_samples must be between 1 and 100000 (got {LeakSamples})");
        if (!(LeakTemperature > 0) || double.IsInfinity(LeakTemperature)) throw new LetheException($"leak temperature must be > 0 (got {LeakTemperature})");
        if (!(LeakTopP > 0 && LeakTopP <= 1)) throw new LetheException($"leak top_p must be in (0, 1] (got {LeakTopP})");
        ArgumentNullException.ThrowIfNull(PrefillText);
        ArgumentNullException.ThrowIfNull(Collapse);
        Collapse.Validate();
    }
}
