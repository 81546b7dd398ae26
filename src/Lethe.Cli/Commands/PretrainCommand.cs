using System.CommandLine;
using Lethe.Training;
using Lethe.Unlearning;

namespace Lethe.Cli.Commands;

/// <summary>`lethe pretrain`: a byte-level BPE tokenizer and a small Llama trained from scratch on a text corpus.</summary>
public static class PretrainCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Synthetic benchmark folder (uses its pretrain.txt)" };
        var corpus = new Option<string?>("--corpus") { Description = "Text corpus; documents separated by a blank line" };
        var output = new Option<string>("--out") { Description = "Output model folder", Required = true };
        var checkpoints = new CheckpointArgs();
        var cfg = new ConfigArgs(ConfigArgs.Training);
        var prompt = new PromptArgs();
        prompt.Format.Description = "plain, or chat: the tokenizer carries a small Llama-3-style chat template and the corpus's " +
                                    "question/answer documents are trained on as conversations";
        var cmd = new Command("pretrain", "Train a tokenizer and a small Llama from scratch");
        cmd.Options.Add(data); cmd.Options.Add(corpus); cmd.Options.Add(output);
        checkpoints.AddTo(cmd);
        cfg.AddTo(cmd);
        prompt.AddTo(cmd);
        cmd.SetAction(r =>
        {
            string? d = r.GetValue(data), c = r.GetValue(corpus);
            if ((d is null) == (c is null)) throw new LetheException("give exactly one of --data and --corpus");
            string path = c ?? Path.Combine(d!, Lethe.Data.Synth.SynthBenchmark.PretrainFile);
            var config = ConfigYaml.Load<PretrainConfig>(r.GetValue(cfg.Config), cfg.Overrides(r));
            var ck = checkpoints.Options(r);
            NativeTorch.EnsureLoaded();
            var docs = PretrainStage.ReadDocuments(path);
            var chat = prompt.IsChat(r)
                ? new ChatPretraining { SystemPrompt = r.GetValue(prompt.System) ?? "", DateString = r.GetValue(prompt.DateString) }
                : null;
            var (model, _, metrics) = PretrainStage.Run(docs, config, r.GetValue(output)!, chat, maxSteps: r.GetValue(checkpoints.MaxSteps), checkpoints: ck);
            Console.WriteLine($"pretrained {model.ParameterCount():N0} parameters on {docs.Count} documents; final loss {metrics.Rows[^1]["loss"]:F4}; saved to {r.GetValue(output)}");
            return 0;
        });
        return cmd;
    }
}
