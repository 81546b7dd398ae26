namespace Lethe.Generation;

/// <summary>How to pick each new token, and when to stop.</summary>
public sealed record SamplingOptions
{
    public int MaxNewTokens { get; init; } = 64;

    /// <summary>Greedy decoding (argmax, lowest id on ties); otherwise sampling with the settings below.</summary>
    public bool Greedy { get; init; } = true;

    public double Temperature { get; init; } = 1.0;

    /// <summary>Nucleus sampling: keep the smallest set of top tokens whose probability reaches TopP (1 = off).</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Keep only the K most likely tokens (0 = off). Applied before top-p, as transformers does.</summary>
    public int TopK { get; init; }

    /// <summary>Token ids that end a row (it stops after emitting one). Empty: only MaxNewTokens stops.</summary>
    public IReadOnlyList<int> EosIds { get; init; } = Array.Empty<int>();

    /// <summary>Id written into left-padded slots; its value never affects results.</summary>
    public int PadId { get; init; }

    /// <summary>Decode with a key/value cache (default) or re-run the whole sequence every step.</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>Tokens forced at the start of every answer (e.g. "The answer is: " for prefilling attacks).</summary>
    public IReadOnlyList<int> ForcedPrefix { get; init; } = Array.Empty<int>();

    /// <summary>
    /// Decode the way transformers' generate does (for benchmarks only, never for results): growing cache, mask and
    /// ids concatenated every step, full-vocabulary sort for top-p, finished rows kept in the batch until every row
    /// is done. See <see cref="ReferenceFaithfulGeneration"/>.
    /// </summary>
    public bool ReferenceFaithful { get; init; }

    public void Validate()
    {
        if (MaxNewTokens < 0) throw new LetheException($"max_new_tokens must be ≥ 0 (got {MaxNewTokens})");
        if (!Greedy)
        {
            if (!(Temperature > 0) || double.IsInfinity(Temperature)) throw new LetheException($"temperature must be > 0 (got {Temperature})");
            if (!(TopP > 0 && TopP <= 1)) throw new LetheException($"top_p must be in (0, 1] (got {TopP})");
            if (TopK < 0) throw new LetheException($"top_k must be ≥ 0 (got {TopK})");
        }
    }
}
