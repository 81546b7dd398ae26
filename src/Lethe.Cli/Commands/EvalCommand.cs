using System.CommandLine;
using System.Globalization;
using Lethe.Data;
using Lethe.Evaluation;
using Lethe.Tokenization;

namespace Lethe.Cli.Commands;

/// <summary>
/// `lethe eval`: greedy answers on the forget, paraphrased forget, retain_short, world_facts and real_authors sets,
/// unlearn quality and utility, optional leakage attacks, and the collapse profile; writes DIR/results.json and
/// prints a summary table.
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var defaults = new EvalOptions();
        var model = ModelArgs.Model("The model to evaluate: a Hugging Face folder with tokenizer.json");
        var data = new Option<string>("--data") { Description = "TOFU-layout data folder (e.g. from `lethe data synth`)", Required = true };
        var split = new Option<int>("--split") { Description = "Forget percentage: 10 uses forget10 / retain90", DefaultValueFactory = _ => 10 };
        var outDir = new Option<string>("--out") { Description = "Folder for results.json", Required = true };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Tokens per answer at most", DefaultValueFactory = _ => defaults.MaxNewTokens };
        var batch = new Option<int>("--batch-size") { Description = "Prompts per batch", DefaultValueFactory = _ => defaults.BatchSize };
        var attacks = new Option<string?>("--attacks") { Description = "Leakage attacks to run, comma-separated: prefill, sampling" };
        var leak = new Option<int>("--leak-samples") { Description = "Samples per forget question in the sampling attack (N of leakage@N)", DefaultValueFactory = _ => defaults.LeakSamples };
        var temperature = new Option<double>("--temperature") { Description = "Sampling attack temperature", DefaultValueFactory = _ => defaults.LeakTemperature };
        var topP = new Option<double>("--top-p") { Description = "Sampling attack nucleus threshold", DefaultValueFactory = _ => defaults.LeakTopP };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sampling attack", DefaultValueFactory = _ => defaults.Seed };
        var dtype = ModelArgs.DType();
        var cd = defaults.Collapse;
        var original = new Option<double>("--collapse-original-threshold") { Description = "Collapse profile: ROUGE-L recall vs the item's own answer for 'original'", DefaultValueFactory = _ => cd.OriginalThreshold };
        var refusal = new Option<double>("--collapse-refusal-threshold") { Description = "Collapse profile: ROUGE-L vs the closest refusal phrasing for 'refusal'", DefaultValueFactory = _ => cd.RefusalThreshold };
        var otherFact = new Option<double>("--collapse-other-fact-threshold") { Description = "Collapse profile: similarity to another item's answer for 'other fact'", DefaultValueFactory = _ => cd.OtherFactThreshold };
        var fluentNll = new Option<double>("--collapse-fluent-nll") { Description = "Collapse profile: mean NLL (nats) under the reference below which an answer is 'fluent'", DefaultValueFactory = _ => cd.FluentNllThreshold };
        var reference = new Option<string?>("--reference-model")
        {
            Description = "Model judging fluency in the collapse profile (normally the base model; default: the evaluated model)",
        };
        var noTruth = new Option<bool>("--no-ground-truth-in-logs") { Description = "Keep the forget sets' true answers out of results.json" };
        var prompt = new PromptArgs();

        var cmd = new Command("eval", "Evaluate a model: forgetting, utility, leakage attacks and what the forget answers collapsed into");
        foreach (var o in new Option[] { model, data, split, outDir, maxNew, batch, attacks, leak, temperature, topP, seed, dtype, reference, noTruth, original, refusal, otherFact, fluentNll })
            cmd.Options.Add(o);
        prompt.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var options = new EvalOptions
            {
                MaxNewTokens = r.GetValue(maxNew),
                BatchSize = r.GetValue(batch),
                Attacks = ParseAttacks(r.GetValue(attacks)),
                LeakSamples = r.GetValue(leak),
                LeakTemperature = r.GetValue(temperature),
                LeakTopP = r.GetValue(topP),
                Seed = r.GetValue(seed),
                IncludeGroundTruth = !r.GetValue(noTruth),
                Collapse = cd with
                {
                    OriginalThreshold = r.GetValue(original), RefusalThreshold = r.GetValue(refusal),
                    OtherFactThreshold = r.GetValue(otherFact), FluentNllThreshold = r.GetValue(fluentNll),
                },
            };
            options.Validate();   // before the minutes spent loading
            string modelDir = r.GetValue(model)!, refDir = r.GetValue(reference) ?? "";
            var dataset = TofuDataset.FromFolder(r.GetValue(data)!, r.GetValue(split), forgetQuestionOnly: true);
            var lm = ModelArgs.LoadModel(modelDir, r.GetValue(dtype)!);
            var tokenizer = HfTokenizer.Load(modelDir);
            var fluency = refDir.Length > 0 ? ModelArgs.LoadModel(refDir, r.GetValue(dtype)!) : null;
            var err = r.InvocationConfiguration.Error;
            // The reference's max_length bounds the prompts and the answers whose NLL is measured.
            var format = prompt.Create(r, tokenizer, new Lethe.Training.TrainConfig().MaxLength);
            var result = Evaluator.Evaluate(lm, tokenizer, format, dataset, options, fluency,
                line => err.WriteLine("eval: " + line));
            result = result with
            {
                ModelPath = Path.GetFullPath(modelDir),
                ReferenceModelPath = fluency is null ? null : Path.GetFullPath(refDir),
            };
            string path = Path.Combine(r.GetValue(outDir)!, EvalResult.FileName);
            result.Save(path);
            SummaryTable.Write(result, r.InvocationConfiguration.Output);
            r.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {Path.GetFullPath(path)}"));
            return 0;
        });
        return cmd;
    }

    static string[] ParseAttacks(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
        foreach (var n in names)
            if (!EvalOptions.KnownAttacks.Contains(n))
                throw new LetheException($"--attacks: unknown attack '{n}' (known: {string.Join(", ", EvalOptions.KnownAttacks)})");
        return names;
    }
}
