using Lethe.Data.Synth;
using Lethe.Evaluation;
using Lethe.Training;
using Lethe.Unlearning;

namespace Lethe.Cli.Demo;

/// <summary>configs/demo.yaml: one section per stage of the demo.</summary>
public sealed class DemoConfig
{
    public DemoDataConfig Data { get; set; } = new();
    public PretrainConfig Pretrain { get; set; } = new();
    public FinetuneConfig Finetune { get; set; } = new();
    public UnlearnConfig Unlearn { get; set; } = new();
    public DemoEvalConfig Eval { get; set; } = new();

    /// <summary>
    /// plain or chat for the whole demo: chat pretrains with a chat template (Q/A documents as conversations) and
    /// fine-tunes, unlearns and evaluates through it. Null: unlearn.format decides. The chat settings (system_prompt,
    /// date_string) are the unlearn section's.
    /// </summary>
    public string? Format { get; set; }

    public bool IsChat => Unlearn.Format == "chat";

    public static DemoConfig Load(string? path, bool quick, string? format = null)
    {
        string name = quick ? "demo-quick.yaml" : "demo.yaml";
        string text, source;
        if (path is not null)
        {
            if (!File.Exists(path)) throw new LetheException($"{path}: config file not found");
            (text, source) = (File.ReadAllText(path), path);
        }
        else
        {
            using var s = typeof(DemoConfig).Assembly.GetManifestResourceStream(name)
                          ?? throw new InvalidOperationException($"built-in {name} is missing from the program");
            (text, source) = (new StreamReader(s).ReadToEnd(), $"built-in configs/{name}");
        }
        var c = ConfigYaml.Deserialize<DemoConfig>(text, source) ?? new DemoConfig();
        c.Format = format ?? c.Format;
        if (c.Format is not null)
        {
            if (!Lethe.Data.PromptFormats.Names.Contains(c.Format)) throw new LetheException($"{source}: format '{c.Format}' must be plain or chat");
            c.Unlearn.Format = c.Format;
        }
        c.Pretrain.Validate(source + " (pretrain)");
        c.Finetune.Validate(source + " (finetune)");
        c.Unlearn.Validate(source + " (unlearn)");
        try { c.Data.ToOptions().Validate(); }
        catch (LetheException e) { throw new LetheException($"{source} (data): {e.Message}"); }
        return c;
    }
}

public sealed class DemoDataConfig
{
    public int Authors { get; set; } = 40;
    public ulong Seed { get; set; } = 20250707;
    public int Split { get; set; } = 10;

    /// <summary>Plain-English filler in the pretraining corpus (bytes).</summary>
    public int PretrainEnglishBytes { get; set; } = new SynthOptions().PretrainEnglishBytes;

    /// <summary>How often each world fact and real-author fact appears in the corpus (as Q/A and in prose).</summary>
    public int KnowledgeRepeats { get; set; } = new SynthOptions().KnowledgeRepeats;

    /// <summary>Questions about unknown people answered with a refusal, in the corpus.</summary>
    public int RefusalExamples { get; set; } = new SynthOptions().RefusalExamples;

    public SynthOptions ToOptions() => new()
    {
        Authors = Authors, Seed = Seed, PretrainEnglishBytes = PretrainEnglishBytes, KnowledgeRepeats = KnowledgeRepeats,
        RefusalExamples = RefusalExamples,
    };
}

public sealed class DemoEvalConfig
{
    public int MaxNewTokens { get; set; } = 48;
    public int BatchSize { get; set; } = 64;
    public int RetainShortCount { get; set; } = 400;

    public EvalOptions ToOptions(ulong seed) => new() { MaxNewTokens = MaxNewTokens, BatchSize = BatchSize, RetainShortCount = RetainShortCount, Seed = seed };
}
