using Lethe.Data;
using Lethe.IO;
using Lethe.Models;
using Lethe.Tokenization;

namespace Lethe.Training;

/// <summary>Question/answer fine-tuning (loss on answers only), saved as a Hugging Face folder with its tokenizer.</summary>
public static class FinetuneStage
{
    /// <summary>
    /// Replay for a small model: every knowledge pair (answer not a refusal phrasing) and up to
    /// <paramref name="refusalCount"/> refusal pairs, drawn with the seed. Large models need none (TOFU uses none).
    /// </summary>
    public static List<QaItem> ReplaySet(IReadOnlyList<QaItem> corpusQa, IReadOnlyCollection<string> refusalPhrasings, int refusalCount, ulong seed)
    {
        var refusalSet = refusalPhrasings.Select(r => r.Trim()).ToHashSet(StringComparer.Ordinal);
        var knowledge = corpusQa.Where(q => !refusalSet.Contains(q.Answer!.Trim())).ToList();
        var refusals = corpusQa.Where(q => refusalSet.Contains(q.Answer!.Trim())).ToList();
        new Rng(seed).Shuffle(refusals);
        return knowledge.Concat(refusals.Take(refusalCount)).ToList();
    }

    public static MetricsLog Run(CausalLM model, ITokenizer tokenizer, IPromptFormat format, IReadOnlyList<QaItem> items, TrainConfig c,
        string outDir, string tokenizerDir, int? maxSteps = null, TextWriter? progress = null, CheckpointOptions? checkpoints = null)
    {
        c.Validate("finetune config");
        AtomicFile.EnsureDirectory(outDir);
        var examples = items.Select((it, i) => format.Encode(it.Question, it.Answer ?? throw new LetheException($"fine-tuning record {i + 1} has no answer"))).ToList();
        if (format.TruncatedAnswers > 0)
            (progress ?? Console.Error).WriteLine($"finetune: {format.TruncatedAnswers} answers were cut to max_length {c.MaxLength}");
        int pad = Generation.SpecialTokens.PadId(model.Config, tokenizer);
        var (metrics, _) = SupervisedRun.Run(model, examples, c, pad, "finetune", Path.Combine(outDir, "metrics.csv"), maxSteps, progress,
            (checkpoints ?? new CheckpointOptions()) with { Folder = Path.Combine(outDir, TrainingCheckpoint.FolderName) });
        Checkpoint.Save(model, outDir, companionSource: tokenizerDir);
        return metrics;
    }
}
