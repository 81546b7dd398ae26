using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lethe.Data;
using Lethe.Data.Synth;
using Lethe.Evaluation;
using Lethe.IO;
using Lethe.Models;
using Lethe.Tokenization;
using Lethe.Training;
using Lethe.Unlearning;

namespace Lethe.Cli.Demo;

/// <summary>
/// The main job, start to finish on a machine with no downloads: synthesise a benchmark of fictitious authors →
/// train a tokenizer and pretrain a small Llama → evaluate → fine-tune on the full set (the model learns the facts)
/// → evaluate → unlearn forget10 with PMC, once with the reference reward and once with the fluency-aware one →
/// evaluate → print the table.
/// </summary>
public static class DemoRun
{
    public sealed record Row(string Model, string Method, EvalResult Result, double Seconds);

    public static int Run(string outDir, DemoConfig c, TextWriter stdout, TextWriter log)
    {
        var total = Stopwatch.StartNew();
        AtomicFile.EnsureDirectory(outDir);
        NativeTorch.EnsureLoaded();
        var rows = new List<Row>();
        string dataDir = Path.Combine(outDir, "data"), baseDir = Path.Combine(outDir, "base"), ftDir = Path.Combine(outDir, "finetuned");
        var eval = c.Eval.ToOptions(c.Unlearn.Seed);

        Stage(log, $"1/6 synthesising {c.Data.Authors} fictitious authors");
        var clock = Stopwatch.StartNew();
        var synth = SynthBenchmark.Generate(c.Data.ToOptions());
        SynthBenchmark.Write(synth, dataDir);
        var data = TofuDataset.FromFolder(dataDir, c.Data.Split);

        Stage(log, $"2/6 training a {c.Pretrain.VocabSize}-token BPE tokenizer and pretraining a small Llama{(c.IsChat ? " (chat template; Q/A documents as conversations)" : "")}");
        clock.Restart();
        var docs = PretrainStage.ReadDocuments(Path.Combine(dataDir, SynthBenchmark.PretrainFile));
        var chat = c.IsChat ? new ChatPretraining { SystemPrompt = c.Unlearn.SystemPrompt ?? "", DateString = c.Unlearn.DateString } : null;
        var (model, tokenizer, _) = PretrainStage.Run(docs, c.Pretrain, baseDir, chat, progress: log);
        double pretrainSeconds = clock.Elapsed.TotalSeconds;
        var format = PromptFormats.Create(c.Unlearn, tokenizer);
        Stage(log, "3/6 evaluating the base model");
        rows.Add(new Row("base (pretrained)", "-", Evaluator.Evaluate(model, tokenizer, format, data, eval, model), pretrainSeconds));

        Stage(log, "4/6 fine-tuning on the full set (with replay of the base model's own Q/A documents)");
        clock.Restart();
        var replay = FinetuneStage.ReplaySet(PretrainStage.QaDocuments(docs), data.Refusals, c.Finetune.ReplayRefusals, c.Finetune.Seed);
        FinetuneStage.Run(model, tokenizer, format, data.Full.Concat(replay).ToList(), c.Finetune, ftDir, baseDir, progress: log);
        double finetuneSeconds = clock.Elapsed.TotalSeconds;
        var baseModel = Checkpoint.Load(baseDir);
        var finetuned = Evaluator.Evaluate(model, tokenizer, format, data, eval, baseModel);
        finetuned.Save(Path.Combine(ftDir, EvalResult.FileName));
        rows.Add(new Row("fine-tuned", "-", finetuned, finetuneSeconds));

        foreach (var (reward, step) in new[] { ("rouge", "5/6"), ("rouge_fluency", "6/6") })
        {
            Stage(log, $"{step} PMC unlearning of forget{c.Data.Split:00} (reward: {reward})");
            var config = ConfigYaml.Deserialize<UnlearnConfig>(ConfigYaml.Serialize(c.Unlearn), "demo unlearn config")!;
            config.Reward = reward;
            var report = UnlearnStage.Run(config, new UnlearnJob
            {
                ModelDir = ftDir, Data = data, OutDir = Path.Combine(outDir, $"pmc-{reward.Replace('_', '-')}"), Eval = eval,
                Before = finetuned, FluencyReferenceDir = baseDir, Progress = log,
            });
            rows.Add(new Row("fine-tuned", $"PMC (reward: {reward})", report.After!, report.Run.Seconds));
        }

        double? peak = ProcessMemory.PeakResidentMiB();
        string table = Table(rows, total.Elapsed.TotalSeconds, peak, c.Unlearn.Format);
        stdout.Write(table);
        AtomicFile.WriteAllText(Path.Combine(outDir, "summary.md"), table);
        AtomicFile.WriteAllText(Path.Combine(outDir, "summary.json"), Summary(rows, total.Elapsed.TotalSeconds, peak, c.Unlearn.Format).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return 0;
    }

    static void Stage(TextWriter log, string what) => log.WriteLine($"== {what}");

    static string F(double? x, string fmt = "F1") => x is double v ? v.ToString(fmt, CultureInfo.InvariantCulture) : "-";

    static string Profile(EvalResult r)
    {
        var p = r.CollapseProfile;
        if (p is null) return "-";
        return string.Join(" / ", new[] { p.Original, p.Refusal, p.OtherFact, p.Fluent, p.Salad }.Select(s => F(100 * s.Fraction, "F0")));
    }

    public static string Table(IReadOnlyList<Row> rows, double totalSeconds, double? peakRssMiB = null, string format = "plain")
    {
        var sb = new StringBuilder();
        sb.AppendLine("| model | method | unlearn quality | utility | forget ROUGE-L | retain ROUGE-L | forget answers: original / refusal / other fact / fluent / salad (%) | runtime |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            sb.AppendLine($"| {r.Model} | {r.Method} | {F(r.Result.UnlearnQuality)} | {F(r.Result.Utility)} | {F(r.Result.Sets.Forget?.RougeLRecall, "F3")} | " +
                          $"{F(r.Result.Sets.RetainShort?.RougeLRecall, "F3")} | {Profile(r.Result)} | {r.Seconds:F0} s |");
        sb.AppendLine($"\nwhole demo: {totalSeconds:F0} s" + (peakRssMiB is double m ? $", peak resident memory {m:F0} MiB" : "") +
                      (format == "plain" ? "" : $" (prompt format: {format})"));
        return sb.ToString();
    }

    static JsonObject Summary(IReadOnlyList<Row> rows, double totalSeconds, double? peakRssMiB, string format) => new()
    {
        ["total_seconds"] = Math.Round(totalSeconds, 1),
        ["peak_rss_mb"] = peakRssMiB is double m ? Math.Round(m, 1) : null,
        ["format"] = format,
        ["rows"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
        {
            ["model"] = r.Model, ["method"] = r.Method, ["unlearn_quality"] = r.Result.UnlearnQuality, ["utility"] = r.Result.Utility,
            ["forget_rouge_l"] = r.Result.Sets.Forget?.RougeLRecall, ["retain_rouge_l"] = r.Result.Sets.RetainShort?.RougeLRecall,
            ["collapse_profile"] = r.Result.CollapseProfile is null ? null : JsonNode.Parse(JsonSerializer.Serialize(r.Result.CollapseProfile, EvalResult.JsonOptions)),
            ["seconds"] = Math.Round(r.Seconds, 1),
        }).ToArray()),
    };
}
