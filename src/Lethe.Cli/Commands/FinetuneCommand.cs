using System.CommandLine;
using Lethe.Data;
using Lethe.Tokenization;
using Lethe.Training;
using Lethe.Unlearning;

namespace Lethe.Cli.Commands;

/// <summary>`lethe finetune`: question/answer fine-tuning on a benchmark's full set (the model learns the facts).</summary>
public static class FinetuneCommand
{
    public static Command Create()
    {
        var model = ModelArgs.Model();
        var data = new Option<string>("--data") { Description = "Benchmark folder (TOFU layout); trains on full.json", Required = true };
        var output = new Option<string>("--out") { Description = "Output model folder", Required = true };
        var checkpoints = new CheckpointArgs();
        var cfg = new ConfigArgs(ConfigArgs.Training);
        var prompt = new PromptArgs();
        var cmd = new Command("finetune", "Fine-tune a model on question/answer pairs");
        cmd.Options.Add(model); cmd.Options.Add(data); cmd.Options.Add(output);
        checkpoints.AddTo(cmd);
        cfg.AddTo(cmd);
        prompt.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var config = ConfigYaml.Load<TrainConfig>(r.GetValue(cfg.Config), cfg.Overrides(r));
            config.Validate(r.GetValue(cfg.Config) ?? "finetune config");
            var ck = checkpoints.Options(r);
            string dir = r.GetValue(model)!;
            var lm = ModelArgs.LoadModel(dir, config.Dtype);
            var tok = HfTokenizer.Load(dir);
            string fullPath = Path.Combine(r.GetValue(data)!, "full.json");
            var items = DatasetReader.Read(File.Exists(fullPath) ? fullPath : throw new LetheException($"{fullPath}: not found (fine-tuning uses the full set)"));
            var format = prompt.Create(r, tok, config.MaxLength);
            var metrics = FinetuneStage.Run(lm, tok, format, items, config, r.GetValue(output)!, dir, r.GetValue(checkpoints.MaxSteps), checkpoints: ck);
            Console.WriteLine($"fine-tuned on {items.Count} pairs; final loss {metrics.Rows[^1]["loss"]:F4}; saved to {r.GetValue(output)}");
            return 0;
        });
        return cmd;
    }
}
