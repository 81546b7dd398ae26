using System.CommandLine;
using Lethe.Cli.Demo;

namespace Lethe.Cli.Commands;

/// <summary>`lethe demo`: the whole pipeline on a synthetic benchmark, with no downloads.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => Path.Combine("runs", "demo") };
        var quick = new Option<bool>("--quick") { Description = "A small, fast run (about 3 minutes) for CI" };
        var config = new Option<string?>("--config") { Description = "Demo config (default: the built-in configs/demo.yaml)" };
        var format = new Option<string?>("--format")
        {
            Description = "plain, or chat: a chat template from pretraining on, and fine-tuning, PMC and evaluation through it (default: the config's)",
        };
        format.AcceptOnlyFromAmong(Lethe.Data.PromptFormats.Names);
        var cmd = new Command("demo", "Synthesise data, pretrain, fine-tune, unlearn with PMC, evaluate, and print the table");
        cmd.Options.Add(output); cmd.Options.Add(quick); cmd.Options.Add(config); cmd.Options.Add(format);
        cmd.SetAction(r => DemoRun.Run(r.GetValue(output)!, DemoConfig.Load(r.GetValue(config), r.GetValue(quick), r.GetValue(format)),
            r.InvocationConfiguration.Output, Console.Error));
        return cmd;
    }
}
