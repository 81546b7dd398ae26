using System.Diagnostics;
using Lethe.Data;
using Lethe.Models;

namespace Lethe.Training;

/// <summary>
/// Supervised training on a fixed list of examples — pretraining (loss on every token of packed text blocks) and
/// question/answer fine-tuning (loss on answers only): shuffled each epoch, batch_size × gradient_accumulation_steps
/// examples per optimizer step, linear warm-up then decay.
/// </summary>
public static class SupervisedRun
{
    public static (MetricsLog Metrics, double Seconds) Run(CausalLM model, IReadOnlyList<EncodedExample> examples, TrainConfig c,
        int padId, string label, string? metricsPath = null, int? maxSteps = null, TextWriter? progressOut = null)
    {
        if (examples.Count == 0) throw new LetheException($"{label}: no training examples");
        int n = examples.Count, perStep = c.BatchSize * c.GradientAccumulationSteps;
        int stepsPerEpoch = (n + perStep - 1) / perStep, total = c.NumEpochs * stepsPerEpoch;
        var clock = Stopwatch.StartNew();
        using var trainer = new Trainer(model, new TrainerOptions
        {
            LearningRate = c.LearningRate, WeightDecay = c.WeightDecay, GradientAccumulationSteps = c.GradientAccumulationSteps,
            WarmupSteps = (int)Math.Round(c.WarmupEpochs * stepsPerEpoch), TotalSteps = total, MaxGradNorm = c.MaxGradNorm,
        });
        var metrics = new MetricsLog(metricsPath);
        var progress = new ProgressReporter(label, total, 0, progressOut);
        int[] order = Array.Empty<int>();
        int orderEpoch = -1;
        for (int step = 0; step < total && (maxSteps is null || step < maxSteps); step++)
        {
            int epoch = step / stepsPerEpoch;
            if (epoch != orderEpoch) (order, orderEpoch) = (StepRandom.EpochOrder(c.Seed, epoch, n), epoch);
            int first = step % stepsPerEpoch * perStep;
            int micro = Math.Min(c.GradientAccumulationSteps, (n - first + c.BatchSize - 1) / c.BatchSize);
            var values = trainer.TrainStep(m =>
            {
                var batch = order.Skip(first + m * c.BatchSize).Take(c.BatchSize).Select(i => examples[i]).ToArray();
                using var tb = TokenBatch.Collate(batch, padId, model.Device);
                var loss = TokenLoss.Mean(model.Forward(tb.InputIds), tb.Labels);
                return new MicroBatchLoss(loss, new Dictionary<string, TorchSharp.torch.Tensor> { ["loss"] = loss.detach() });
            }, micro);
            metrics.Add(step + 1, values);
            progress.Report(step + 1, values);
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
