using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lethe.Data;
using Lethe.Evaluation;
using Lethe.IO;
using Lethe.Models;
using Lethe.Tokenization;
using Lethe.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lethe.Unlearning;

/// <summary>Everything an unlearning job needs besides the hyperparameters.</summary>
public sealed record UnlearnJob
{
    public required string ModelDir { get; init; }
    public required TofuDataset Data { get; init; }
    public required string OutDir { get; init; }
    public EvalOptions Eval { get; init; } = new();
    /// <summary>Skip the evaluations before and after (training only).</summary>
    public bool SkipEval { get; init; }
    /// <summary>An evaluation of the starting model already made (the demo shares one between runs).</summary>
    public EvalResult? Before { get; init; }
    /// <summary>Base model for the collapse profile's fluency judgement (default: the starting checkpoint).</summary>
    public string? FluencyReferenceDir { get; init; }
    public int? MaxSteps { get; init; }
    public bool LogGenerations { get; init; }
    public bool NoGroundTruthInLogs { get; init; }
    public TextWriter? Progress { get; init; }
    /// <summary>--save-every and --resume; checkpoints go to OutDir/checkpoints.</summary>
    public CheckpointOptions Checkpoints { get; init; } = new();
    /// <summary>Called after each optimizer step with the number of steps completed.</summary>
    public Action<int>? AfterStep { get; init; }
}

/// <summary>What an unlearning job produced.</summary>
public sealed record UnlearnReport(EvalResult? Before, EvalResult? After, UnlearningOutcome Run, double Seconds, string ModelDir);

/// <summary>
/// A whole unlearning job: evaluate the starting model, unlearn, save the model (Hugging Face layout) under
/// out/model, evaluate again, and write results.json, metrics.csv and the three training plots the paper's
/// authors show (forget loss, retain loss, mean ROUGE-L of the selected answers against y0).
/// </summary>
public static class UnlearnStage
{
    public static UnlearnReport Run(UnlearnConfig config, UnlearnJob job)
    {
        var clock = Stopwatch.StartNew();
        config.Validate("unlearn config");
        AtomicFile.EnsureDirectory(job.OutDir);
        var dtype = ComputeDType.Parse(config.Dtype);
        var model = Checkpoint.Load(job.ModelDir, dtype);
        var tokenizer = HfTokenizer.Load(job.ModelDir);
        var format = PromptFormats.Create(config, tokenizer);
        var data = job.Data;
        var redactor = new Redactor(data.Forget.Select(f => f.Answer), job.NoGroundTruthInLogs);
        var eval = job.Eval with { IncludeGroundTruth = !job.NoGroundTruthInLogs };
        Func<CausalLM> loadReference = () => Checkpoint.Load(config.ReferenceModel ?? job.ModelDir, dtype);
        CausalLM? fluencyRef = null;
        CausalLM FluencyReference() => fluencyRef ??= Checkpoint.Load(job.FluencyReferenceDir ?? job.ModelDir, dtype);

        var before = job.Before ?? (job.SkipEval ? null : Evaluator.Evaluate(model, tokenizer, format, data, eval, FluencyReference(), Log(job)));
        IReadOnlyList<string> refusals;
        try { refusals = data.Refusals; } catch (LetheException) { refusals = Array.Empty<string>(); }
        var ctx = new UnlearningContext(model, tokenizer, format, config, data.Forget, data.Retain, refusals,
            ObjectiveFactory.NeedsReference(config) ? loadReference : null);
        var objective = ObjectiveFactory.Create(config.Method);
        var outcome = UnlearningRun.Run(ctx, objective, new UnlearningRunOptions
        {
            OutDir = job.OutDir, MaxSteps = job.MaxSteps, LogGenerations = job.LogGenerations, Redactor = redactor, Progress = job.Progress,
            Checkpoints = job.Checkpoints with { Folder = Path.Combine(job.OutDir, TrainingCheckpoint.FolderName) }, AfterStep = job.AfterStep,
        });

        string modelOut = Path.Combine(job.OutDir, "model");
        Checkpoint.Save(model, modelOut, companionSource: job.ModelDir);
        WritePlots(job.OutDir, outcome.Metrics, job.Progress);
        var after = job.SkipEval ? null : Evaluator.Evaluate(model, tokenizer, format, data, eval, FluencyReference(), Log(job));
        var report = new UnlearnReport(before, after, outcome, clock.Elapsed.TotalSeconds, modelOut);
        WriteResults(Path.Combine(job.OutDir, EvalResult.FileName), config, report, redactor, objective);
        return report;
    }

    static Action<string>? Log(UnlearnJob job) => job.Progress is null ? null : s => job.Progress.WriteLine(s);

    public static void WritePlots(string outDir, MetricsLog metrics, TextWriter? warnings)
    {
        var steps = metrics.Series("step");
        TrainingPlots.Line(Path.Combine(outDir, "forget_loss.png"), "Forget loss (true answers, no gradient)", "mean token NLL", steps, metrics.Series("forget_loss"), warnings);
        TrainingPlots.Line(Path.Combine(outDir, "retain_loss.png"), "Retain loss", "mean token NLL", steps, metrics.Series("retain_loss"), warnings);
        TrainingPlots.Line(Path.Combine(outDir, "selected_rouge.png"), "ROUGE-L recall of selected answers vs y0", "mean ROUGE-L recall", steps, metrics.Series("selected_rouge"), warnings);
    }

    static void WriteResults(string path, UnlearnConfig config, UnlearnReport r, Redactor redactor, IUnlearningObjective objective)
    {
        var o = new JsonObject
        {
            ["method"] = config.Method,
            ["config"] = JsonNode.Parse(JsonSerializer.Serialize(config, EvalResult.JsonOptions)),
            ["steps_per_epoch"] = r.Run.StepsPerEpoch,
            ["total_steps"] = r.Run.TotalSteps,
            ["steps_run"] = r.Run.StepsRun,
            ["train_seconds"] = Math.Round(r.Run.Seconds, 2),
            ["total_seconds"] = Math.Round(r.Seconds, 2),
            ["model"] = r.ModelDir,
            ["before"] = r.Before is null ? null : JsonNode.Parse(r.Before.ToJson()),
            ["after"] = r.After is null ? null : JsonNode.Parse(r.After.ToJson()),
        };
        if (objective is PmcObjective pmc)
            o["original_answers"] = new JsonArray(pmc.OriginalAnswers.Select(a => (JsonNode?)redactor.Redact(a)).ToArray());
        AtomicFile.WriteAllText(path, o.ToJsonString(EvalResult.JsonOptions) + "\n");
    }
}
