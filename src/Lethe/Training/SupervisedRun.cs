using System.Diagnostics;
using Lethe.Data;
using Lethe.IO;
using Lethe.Models;

namespace Lethe.Training;

/// <summary>
/// Supervised training on a fixed list of examples — pretraining (loss on every token of packed text blocks) and
/// question/answer fine-tuning (loss on answers only): shuffled each epoch, batch_size × gradient_accumulation_steps
/// examples per optimizer step, linear warm-up then decay.
/// </summary>
public static class SupervisedRun
{
    /// <param name="checkpoints">Saving every N steps and resuming; <paramref name="label"/> names the run kind in the checkpoint.</param>
    public static (MetricsLog Metrics, double Seconds) Run(CausalLM model, IReadOnlyList<EncodedExample> examples, TrainConfig c,
        int padId, string label, string? metricsPath = null, int? maxSteps = null, TextWriter? progressOut = null,
        CheckpointOptions? checkpoints = null)
    {
        if (examples.Count == 0) throw new LetheException($"{label}: no training examples");
        var ck = checkpoints ?? new CheckpointOptions();
        ck.Validate();
        int n = examples.Count, perStep = c.BatchSize * c.GradientAccumulationSteps;
        int stepsPerEpoch = (n + perStep - 1) / perStep, total = c.NumEpochs * stepsPerEpoch;
        var clock = Stopwatch.StartNew();
        // Taken before training changes the weights: what the run starts from.
        var fingerprint = ck.Active ? new RunFingerprint(label, RunFingerprint.OfConfig(c), RunFingerprint.OfExamples(examples), RunFingerprint.OfModel(model)) : null;
        using var trainer = new Trainer(model, new TrainerOptions
        {
            LearningRate = c.LearningRate, WeightDecay = c.WeightDecay, GradientAccumulationSteps = c.GradientAccumulationSteps,
            WarmupSteps = (int)Math.Round(c.WarmupEpochs * stepsPerEpoch), TotalSteps = total, MaxGradNorm = c.MaxGradNorm, Autocast = c.AutocastDType(),
        });
        var metrics = new MetricsLog(metricsPath);
        int start = 0;
        if (ck.ResumeFrom is not null)
        {
            var saved = TrainingCheckpoint.FindLatest(ck.ResumeFrom, progressOut ?? Console.Error);
            saved.Check(fingerprint!, total);
            saved.RestoreInto(model, trainer);
            metrics = saved.Metrics(metricsPath);
            if (metricsPath is not null)
            {
                AtomicFile.RemoveStale(Path.GetDirectoryName(Path.GetFullPath(metricsPath))!);
                metrics.WriteTo(metricsPath);
            }
            start = saved.Step;
            (progressOut ?? Console.Error).WriteLine($"{label}: resuming from {saved.Path} (step {start} of {total})");
        }
        var progress = new ProgressReporter(label, total, start, progressOut);
        int[] order = Array.Empty<int>();
        int orderEpoch = -1;
        for (int step = start; step < total && (maxSteps is null || step < maxSteps); step++)
        {
            int epoch = step / stepsPerEpoch;
            if (epoch != orderEpoch)
            {
                (order, orderEpoch) = (StepRandom.EpochOrder(c.Seed, epoch, n), epoch);
                if (c.GroupByLength) order = LengthGrouping.Group(order, i => examples[i].Ids.Length, perStep, StepRandom.For(c.Seed, "length-groups", epoch));
            }
            int first = step % stepsPerEpoch * perStep;
            int micro = Math.Min(c.GradientAccumulationSteps, (n - first + c.BatchSize - 1) / c.BatchSize);
            var values = trainer.TrainStep(m =>
            {
                var batch = order.Skip(first + m * c.BatchSize).Take(c.BatchSize).Select(i => examples[i]).ToArray();
                using var tb = TokenBatch.Collate(batch, padId, model.Device);
                var (logits, labels) = tb.Logits(model);
                var loss = TokenLoss.Mean(logits, labels);
                return new MicroBatchLoss(loss, new Dictionary<string, TorchSharp.torch.Tensor> { ["loss"] = loss.detach() });
            }, micro);
            metrics.Add(step + 1, values);
            progress.Report(step + 1, values);
            bool stoppingEarly = maxSteps is int max && step + 1 >= max && step + 1 < total;
            if (ck.DueAfter(step + 1, stoppingEarly))
                TrainingCheckpoint.Save(ck.Folder!, new TrainingCheckpoint.Contents(fingerprint!, step + 1, total, model, trainer, metrics));
        }
        return (metrics, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Packs documents (each followed by EOS) into one token stream and cuts it into blocks of <paramref name="blockSize"/>;
    /// the loss covers every token.
    /// </summary>
    public static List<EncodedExample> PackDocuments(IEnumerable<IReadOnlyList<int>> documents, int eos, int blockSize)
    {
        var stream = new List<int>();
        foreach (var d in documents) { stream.AddRange(d); stream.Add(eos); }
        var blocks = new List<EncodedExample>();
        for (int start = 0; start + 2 <= stream.Count; start += blockSize)
            blocks.Add(new EncodedExample(stream.GetRange(start, Math.Min(blockSize, stream.Count - start)).ToArray(), 0));
        return blocks;
    }
}
