namespace Lethe.Data.Synth;

/// <summary>What <see cref="SynthBenchmark"/> generates. The defaults give a TOFU-sized benchmark in about a second.</summary>
public sealed record SynthOptions
{
    public const ulong DefaultSeed = 20250707;
    public const int MinAuthors = 2;

    /// <summary>
    /// At most this many authors: enough for any experiment, and it leaves enough unused name parts for the
    /// pretraining corpus's unknown people, whose given names and surnames must differ from every author's.
    /// </summary>
    public const int MaxAuthors = 2000;

    /// <summary>Invented authors (TOFU has 200); forget01/05/10 take the last ceil(1/5/10 %) of them.</summary>
    public int Authors { get; init; } = 100;

    /// <summary>Same seed, same bytes in every file.</summary>
    public ulong Seed { get; init; } = DefaultSeed;

    /// <summary>Approximate size of the plain-English part of pretrain.txt, in characters.</summary>
    public int PretrainEnglishBytes { get; init; } = 1_000_000;

    /// <summary>Question/answer pairs in pretrain.txt that ask about unknown people and are answered with a refusal.</summary>
    public int RefusalExamples { get; init; } = 3000;

    /// <summary>How many times pretrain.txt states each world fact and real-author fact (as Q/A and in prose).</summary>
    public int KnowledgeRepeats { get; init; } = 4;

    /// <summary>Throws <see cref="LetheException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Authors is < MinAuthors or > MaxAuthors)
            throw new LetheException($"synth: the author count must be between {MinAuthors} and {MaxAuthors} (got {Authors})");
        if (PretrainEnglishBytes is < 0 or > 200_000_000)
            throw new LetheException($"synth: pretrain_english_bytes must be between 0 and 200000000 (got {PretrainEnglishBytes})");
        if (RefusalExamples is < 0 or > 10_000_000)
            throw new LetheException($"synth: refusal_examples must be between 0 and 10000000 (got {RefusalExamples})");
        if (KnowledgeRepeats is < 0 or > 1000)
            throw new LetheException($"synth: knowledge_repeats must be between 0 and 1000 (got {KnowledgeRepeats})");
    }
}
