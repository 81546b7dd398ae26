namespace Lethe.Tokenization;

/// <summary>Settings of <see cref="BpeTrainer"/>.</summary>
public sealed record BpeTrainerOptions
{
    /// <summary>Total vocabulary: special tokens + the 256 byte tokens + learned merges.</summary>
    public int VocabSize { get; init; } = 8192;

    /// <summary>A pair seen fewer times than this is never merged (training may then stop below <see cref="VocabSize"/>).</summary>
    public int MinFrequency { get; init; } = 2;

    /// <summary>Special tokens, given ids 0, 1, ... in this order (include chat markers such as "&lt;|im_start|&gt;" here).</summary>
    public IReadOnlyList<string> SpecialTokens { get; init; } = ["<|endoftext|>", "<|pad|>"];

    /// <summary>Must be one of <see cref="SpecialTokens"/> (or null).</summary>
    public string? BosToken { get; init; } = "<|endoftext|>";

    /// <summary>Must be one of <see cref="SpecialTokens"/> (or null).</summary>
    public string? EosToken { get; init; } = "<|endoftext|>";

    /// <summary>Must be one of <see cref="SpecialTokens"/> (or null).</summary>
    public string? PadToken { get; init; } = "<|pad|>";

    /// <summary>Whether encoding with special tokens puts BOS first (written as a TemplateProcessing post-processor).</summary>
    public bool AddBosToken { get; init; }

    /// <summary>Written to tokenizer_config.json as model_max_length.</summary>
    public int ModelMaxLength { get; init; } = 2048;

    /// <summary>Written to tokenizer_config.json as chat_template when not null.</summary>
    public string? ChatTemplate { get; init; }
}
