namespace Lethe.Training;

/// <summary>When a training run saves checkpoints, where, and where it resumes from.</summary>
public sealed record CheckpointOptions
{
    /// <summary>Save after every N optimizer steps, and when --max-steps stops the run early; 0 = never.</summary>
    public int SaveEvery { get; init; }

    /// <summary>
    /// Continue from the last complete checkpoint found here: a previous run's output folder, its
    /// <c>checkpoints</c> folder, or one checkpoint folder. Null = start from the beginning.
    /// </summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Where checkpoints are written (the stage sets &lt;out&gt;/checkpoints).</summary>
    public string? Folder { get; init; }

    /// <summary>Whether the run needs its fingerprint (it saves or resumes).</summary>
    public bool Active => SaveEvery > 0 || ResumeFrom is not null;

    /// <summary>Whether a checkpoint is due after <paramref name="step"/> optimizer steps.</summary>
    public bool DueAfter(int step, bool stoppingEarly)
        => SaveEvery > 0 && Folder is not null && (step % SaveEvery == 0 || stoppingEarly);

    public void Validate()
    {
        if (SaveEvery < 0) throw new LetheException($"--save-every {SaveEvery}: must be ≥ 1 (or absent)");
    }
}
