using System.CommandLine;

namespace Lethe.Cli;

/// <summary>--config FILE plus overrides: named flags for the common settings and --set key=value for any other.</summary>
public sealed class ConfigArgs
{
    public Option<string?> Config { get; } = new("--config") { Description = "YAML config (reference names; unknown keys are errors)" };
    public Option<string[]> Set { get; } = new("--set") { Description = "Override any config key: --set key=value (repeatable)", AllowMultipleArgumentsPerToken = false };
    readonly List<(Option Option, string Key)> _named = new();

    public ConfigArgs(params (string Flag, string Key, string Description)[] named)
    {
        foreach (var (flag, key, description) in named) _named.Add((new Option<string?>(flag) { Description = description }, key));
    }

    public void AddTo(Command cmd)
    {
        cmd.Options.Add(Config);
        cmd.Options.Add(Set);
        foreach (var (o, _) in _named) cmd.Options.Add(o);
    }

    public List<KeyValuePair<string, string>> Overrides(ParseResult r)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var (o, key) in _named)
            if (r.GetValue((Option<string?>)o) is string v) list.Add(new(key, v));
        foreach (var kv in r.GetValue(Set) ?? Array.Empty<string>())
        {
            int eq = kv.IndexOf('=');
            if (eq <= 0) throw new LetheException($"--set expects key=value, got '{kv}'");
            list.Add(new(kv[..eq].Trim(), kv[(eq + 1)..].Trim()));
        }
        return list;
    }

    public static readonly (string, string, string)[] Training =
    {
        ("--num-epochs", "num_epochs", "Epochs"),
        ("--learning-rate", "learning_rate", "Peak learning rate"),
        ("--batch-size", "batch_size", "Examples per micro-batch"),
        ("--gradient-accumulation-steps", "gradient_accumulation_steps", "Micro-batches per optimizer step"),
        ("--seed", "seed", "Random seed"),
        ("--dtype", "dtype", "float32 or bfloat16"),
    };
}
