using System.CommandLine;
using Lethe.Data;
using Lethe.Evaluation;
using Lethe.Unlearning;

namespace Lethe.Cli.Commands;

/// <summary>`lethe unlearn`: PMC (or a baseline) on a benchmark split, with evaluation before and after.</summary>
public static class UnlearnCommand
{
    public static Command Create()
    {
        var model = ModelArgs.Model();
        var data = new Option<string>("--data") { Description = "Benchmark folder in TOFU layout", Required = true };
        var split = new Option<int>("--split") { Description = "Forget percentage: 10 → forget10 / retain90", DefaultValueFactory = _ => 10 };
        var output = new Option<string>("--out") { Description = "Output folder", Required = true };
        var checkpoints = new CheckpointArgs();
        var logGenerations = new Option<bool>("--log-generations") { Description = "Write every sampled answer and its score to generations.jsonl" };
        var noTruth = new Option<bool>("--no-ground-truth-in-logs") { Description = "Never write a forget answer (or a text containing one) to any file" };
        var skipEval = new Option<bool>("--no-eval") { Description = "Skip the evaluations before and after" };
        var questionsOnly = new Option<bool>("--forget-questions-only") { Description = "Accept a forget set without answers (PMC only needs questions)" };
        var cfg = new ConfigArgs(ConfigArgs.Training.Concat(new[]
        {
            ("--method", "method", "pmc, grad_ascent, grad_diff, idk, npo or simnpo"),
            ("--num-samples", "num_samples", "PMC: answers sampled per forget question"),
            ("--lambda", "lambda", "Weight of the retain loss"),
            ("--temperature", "temperature", "PMC: sampling temperature"),
            ("--top-p", "top_p", "PMC: nucleus sampling threshold"),
            ("--min-len", "min_len", "PMC: penalise answers shorter than this many words"),
            ("--reward", "reward", "PMC: rouge or rouge_fluency"),
            ("--selection", "selection", "PMC: argmin or softmax"),
            ("--format", "format", "Prompt format: plain or chat (the model's chat template)"),
            ("--system", "system_prompt", "chat format: the system prompt (\"\" for none)"),
            ("--date-string", "date_string", "chat format: the template's date_string (\"\" for none)"),
        }).ToArray());
        var cmd = new Command("unlearn", "Make a model forget a benchmark's forget set");
        foreach (var o in new Option[] { model, data, split, output, logGenerations, noTruth, skipEval, questionsOnly }) cmd.Options.Add(o);
        checkpoints.AddTo(cmd);
        cfg.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var config = ConfigYaml.Load<UnlearnConfig>(r.GetValue(cfg.Config), cfg.Overrides(r));
            config.Validate(r.GetValue(cfg.Config) ?? "unlearn config");
            var ck = checkpoints.Options(r);
            NativeTorch.EnsureLoaded();
            var dataset = TofuDataset.FromFolder(r.GetValue(data)!, r.GetValue(split), r.GetValue(questionsOnly));
            var report = UnlearnStage.Run(config, new UnlearnJob
            {
                ModelDir = r.GetValue(model)!, Data = dataset, OutDir = r.GetValue(output)!, MaxSteps = r.GetValue(checkpoints.MaxSteps), Checkpoints = ck,
                LogGenerations = r.GetValue(logGenerations), NoGroundTruthInLogs = r.GetValue(noTruth), SkipEval = r.GetValue(skipEval),
                Eval = new EvalOptions { Seed = config.Seed }, Progress = Console.Error,
            });
            var stdout = r.InvocationConfiguration.Output;
            if (report.Before is not null) { stdout.WriteLine("before:"); SummaryTable.Write(report.Before, stdout); }
            if (report.After is not null) { stdout.WriteLine("after:"); SummaryTable.Write(report.After, stdout); }
            stdout.WriteLine($"{config.Method}: {report.Run.StepsRun} steps in {report.Run.Seconds:F1} s; model saved to {report.ModelDir}");
            return 0;
        });
        return cmd;
    }
}
