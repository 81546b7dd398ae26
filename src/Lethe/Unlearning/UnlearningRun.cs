using System.Diagnostics;
using System.Text.Json;
using Lethe.Evaluation;
using Lethe.IO;
using Lethe.Training;

namespace Lethe.Unlearning;

/// <summary>Where and how an unlearning run writes, stops and logs.</summary>
public sealed record UnlearningRunOptions
{
    public string? OutDir { get; init; }
    /// <summary>Stop after this many optimizer steps (for tests and quick runs); null = the whole schedule.</summary>
    public int? MaxSteps { get; init; }
    public bool LogGenerations { get; init; }
    public Redactor? Redactor { get; init; }
    public TextWriter? Progress { get; init; }
    /// <summary>Saving every N steps and resuming (the folder is set by the caller).</summary>
    public CheckpointOptions Checkpoints { get; init; } = new();
    /// <summary>Called after each optimizer step with the number of steps completed (e.g. to watch memory).</summary>
    public Action<int>? AfterStep { get; init; }
}

/// <summary>The outcome: the schedule, the steps completed (resumed ones included), the metrics per step, and the wall time.</summary>
public sealed record UnlearningOutcome(int StepsPerEpoch, int TotalSteps, int StepsRun, MetricsLog Metrics, double Seconds);

/// <summary>
/// The unlearning loop shared by PMC and the baselines: epochs over the shuffled forget set; each optimizer step is
/// gradient_accumulation_steps micro-batches of batch_size forget items, each paired with batch_size retain items
/// (retain index (i + random) mod |retain|, as the reference pairs them); warm-up for warmup_epochs, then linear decay.
/// </summary>
public static class UnlearningRun
{
    public static UnlearningOutcome Run(UnlearningContext ctx, IUnlearningObjective objective, UnlearningRunOptions o)
    {
        var c = ctx.Config;
        var ck = o.Checkpoints;
        ck.Validate();
        int n = ctx.ForgetPrompts.Count, perStep = c.BatchSize * c.GradientAccumulationSteps;
        int stepsPerEpoch = (n + perStep - 1) / perStep;
        int total = c.NumEpochs * stepsPerEpoch;
        int warmup = (int)Math.Round(c.WarmupEpochs * stepsPerEpoch);
        var clock = Stopwatch.StartNew();
        var log = o.Progress ?? Console.Error;

        // Taken before anything changes the weights: what the run starts from.
        var fingerprint = ck.Active ? new RunFingerprint("unlearn", RunFingerprint.OfConfig(c), ctx.DataFingerprint(), RunFingerprint.OfModel(ctx.Model)) : null;
        objective.Prepare(ctx);
        using var trainer = new Trainer(ctx.Model, new TrainerOptions
        {
            LearningRate = c.LearningRate, WeightDecay = c.WeightDecay, GradientAccumulationSteps = c.GradientAccumulationSteps,
            WarmupSteps = warmup, TotalSteps = total, MaxGradNorm = c.MaxGradNorm, Autocast = c.AutocastDType(),
        });
        string? metricsPath = o.OutDir is null ? null : Path.Combine(o.OutDir, "metrics.csv");
        var metrics = new MetricsLog(metricsPath);
        TrainingCheckpoint? resumed = null;
        if (ck.ResumeFrom is not null)
        {
            resumed = TrainingCheckpoint.FindLatest(ck.ResumeFrom, log);
            resumed.Check(fingerprint!, total);
            resumed.RestoreInto(ctx.Model, trainer);
            metrics = resumed.Metrics(metricsPath);
            if (o.OutDir is not null)
            {
                AtomicFile.RemoveStale(o.OutDir);
                metrics.WriteTo(metricsPath!);
            }
            if (objective is IStatefulObjective stateful)
                stateful.RestoreState(ctx, resumed.ObjectiveState() ?? throw new LetheException($"{resumed.Path}: no {TrainingCheckpoint.ObjectiveFile} ({c.Method} keeps state between steps)"),
                    Path.Combine(resumed.Path, TrainingCheckpoint.ObjectiveFile));
            log.WriteLine($"unlearn ({c.Method}): resuming from {resumed.Path} (step {resumed.Step} of {total})");
        }
        int start = resumed?.Step ?? 0;
        var progress = new ProgressReporter($"unlearn ({c.Method})", total, start, o.Progress);

        // Streamed to a temporary name and renamed when the run completes, like every other output; a checkpoint
        // keeps a copy, from which a resumed run continues it.
        string? generationsPath = o.LogGenerations && o.OutDir is not null && objective is PmcObjective ? Path.Combine(o.OutDir, "generations.jsonl") : null;
        string? generationsTmp = generationsPath is null ? null : AtomicFile.TempName(generationsPath);
        StreamWriter? generations = null;
        if (generationsTmp is not null && resumed is not null)
        {
            string saved = resumed.GenerationsLog ?? throw new LetheException($"{resumed.Path}: the interrupted run kept no generations log; resume without --log-generations");
            generations = OpenLog(generationsPath!, generationsTmp, () => File.Copy(saved, generationsTmp));
        }
        else if (generationsTmp is not null)
        {
            generations = OpenLog(generationsPath!, generationsTmp, null);
            if (objective is PmcObjective pmcStart)
                for (int i = 0; i < n; i++)
                    generations.WriteLine(JsonSerializer.Serialize(new { step = 0, question = ctx.ForgetQuestions[i], y0 = Redact(o, pmcStart.OriginalAnswers[i]) }));
        }

        int stepsRun = start;
        try
        {
            int[] order = Array.Empty<int>();
            int orderEpoch = -1;
            for (int step = start; step < total; step++)
            {
                if (o.MaxSteps is int max && step >= max) break;
                int epoch = step / stepsPerEpoch, within = step % stepsPerEpoch;
                if (epoch != orderEpoch) (order, orderEpoch) = (StepRandom.EpochOrder(c.Seed, epoch, n), epoch);
                int first = within * perStep;
                int micro = Math.Min(c.GradientAccumulationSteps, (n - first + c.BatchSize - 1) / c.BatchSize);
                var values = trainer.TrainStep(m =>
                {
                    var forget = order.Skip(first + m * c.BatchSize).Take(c.BatchSize).ToArray();
                    var pairing = StepRandom.For(c.Seed, "retain-pairing", step, m);
                    var retain = forget.Select(i => (i + pairing.NextInt(ctx.Retain.Count)) % ctx.Retain.Count).ToArray();
                    var result = objective.Loss(ctx, forget, retain, StepRandom.For(c.Seed, "sampling", step, m));
                    if (generations is not null && objective is PmcObjective pmc)
                        foreach (var s in pmc.LastSamples)
                            generations.WriteLine(JsonSerializer.Serialize(new
                            {
                                step = step + 1, question = ctx.ForgetQuestions[s.Question], sample = Redact(o, s.Answer), score = s.Score, selected = s.Selected,
                            }));
                    return result;
                }, micro);
                metrics.Add(step + 1, values);
                progress.Report(step + 1, values);
                stepsRun = step + 1;
                o.AfterStep?.Invoke(stepsRun);
                bool stoppingEarly = o.MaxSteps is int last && stepsRun >= last && stepsRun < total;
                if (ck.DueAfter(stepsRun, stoppingEarly))
                {
                    generations?.Flush();
                    TrainingCheckpoint.Save(ck.Folder!, new TrainingCheckpoint.Contents(fingerprint!, stepsRun, total, ctx.Model, trainer, metrics)
                    {
                        ObjectiveState = (objective as IStatefulObjective)?.SaveState(), GenerationsLog = generationsTmp,
                    });
                }
            }
            if (generations is not null)
            {
                generations.Dispose();
                generations = null;
                File.Move(generationsTmp!, generationsPath!, overwrite: true);
            }
        }
        finally
        {
            // A failed run (a non-finite loss, say) leaves no temporary log behind; its checkpoint keeps the log so far.
            if (generations is not null)
            {
                generations.Dispose();
                File.Delete(generationsTmp!);
            }
        }
        return new UnlearningOutcome(stepsPerEpoch, total, stepsRun, metrics, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The generations log's writer (appending to <paramref name="seed"/>'s copy when resuming), or one line on why not.</summary>
    static StreamWriter OpenLog(string path, string tmp, Action? seed)
    {
        try
        {
            seed?.Invoke();
            return new StreamWriter(tmp, append: seed is not null);
        }
        catch (Exception e) when (AtomicFile.IsWriteFailure(e)) { throw AtomicFile.CannotWrite(path, e); }
    }

    static string Redact(UnlearningRunOptions o, string text) => o.Redactor?.Redact(text) ?? text;
}
