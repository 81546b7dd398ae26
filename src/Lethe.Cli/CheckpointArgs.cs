using System.CommandLine;
using Lethe.Training;

namespace Lethe.Cli;

/// <summary>--save-every, --resume and --max-steps, shared by the training commands (pretrain, finetune, unlearn).</summary>
public sealed class CheckpointArgs
{
    public Option<int?> SaveEvery { get; } = new("--save-every")
    {
        Description = "Write a checkpoint (weights, optimizer, RNG, data position, selections, metrics) to OUT/checkpoints every N optimizer steps",
    };

    public Option<string?> Resume { get; } = new("--resume")
    {
        Description = "Continue from the last complete checkpoint in DIR (the interrupted run's --out, its checkpoints folder, or one checkpoint)",
    };

    public Option<int?> MaxSteps { get; } = new("--max-steps")
    {
        Description = "Stop after N optimizer steps (counted from the start of the run, resumed steps included)",
    };

    public void AddTo(Command cmd)
    {
        cmd.Options.Add(SaveEvery);
        cmd.Options.Add(Resume);
        cmd.Options.Add(MaxSteps);
    }

    public CheckpointOptions Options(ParseResult r)
    {
        int? every = r.GetValue(SaveEvery);
        if (every is <= 0) throw new LetheException($"--save-every {every}: must be a positive number of optimizer steps");
        if (r.GetValue(MaxSteps) is <= 0 and int max) throw new LetheException($"--max-steps {max}: must be a positive number of optimizer steps");
        return new CheckpointOptions { SaveEvery = every ?? 0, ResumeFrom = r.GetValue(Resume) };
    }
}
