using System.Diagnostics;
using Lethe.Data;
using Lethe.Generation;
using Lethe.IO;
using Lethe.Models;
using Lethe.Tokenization;
using Lethe.Training;
using Lethe.Unlearning;
using TorchSharp;
using static TorchSharp.torch;

namespace Lethe.Bench;

/// <summary>In-process matrix-multiply throughput: the roofline every other number is compared with.</summary>
public static class Matmul
{
    public static double Gflops(int n, ScalarType dtype, int repeats)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n).to(dtype);
        var b = randn(n, n).to(dtype);
        a.matmul(b).Dispose();
        var clock = BenchClock.StartNew();
        for (int i = 0; i < repeats; i++) a.matmul(b).Dispose();
        return 2.0 * n * n * n * repeats / clock.Seconds / 1e9;
    }

    /// <summary>
    /// The same roofline at a linear layer's own training shapes: for `tokens` rows of width `inFeatures` and a
    /// weight [outFeatures, inFeatures], the forward product and backward's two (input and weight gradients), float32.
    /// A model's MFU cannot exceed what its matmuls reach at its shapes.
    /// </summary>
    public static double LinearTrainingGflops(int tokens, int inFeatures, int outFeatures, int repeats)
    {
        using var scope = NewDisposeScope();
        var x = randn(tokens, inFeatures);
        var w = randn(outFeatures, inFeatures);
        var dy = randn(tokens, outFeatures);
        void Once()
        {
            using var _ = NewDisposeScope();
            x.matmul(w.t());    // y = x wᵀ
            dy.matmul(w);       // dx = dy w
            dy.t().matmul(x);   // dw = dyᵀ x
        }
        Once();
        var clock = BenchClock.StartNew();
        for (int i = 0; i < repeats; i++) Once();
        return 3 * 2.0 * tokens * inFeatures * outFeatures * repeats / clock.Seconds / 1e9;
    }
}

/// <summary>Training throughput (forward + backward + clipping + AdamW) on random tokens, and its FLOP count.</summary>
public sealed class TrainingWorkload : IDisposable
{
    readonly CausalLM _model;
    readonly Trainer _trainer;
    readonly EncodedExample[] _examples;
    readonly int _steps;

    public int Steps => _steps;

    public string Label { get; }
    public int Batch { get; }
    public int SeqLen { get; }

    /// <param name="autocast">bfloat16: mixed precision (float32 weights, bf16 matrix products), as <c>bf16: true</c> trains.</param>
    public TrainingWorkload(string label, ModelConfig config, int batch, int seqLen, int steps, ScalarType? autocast = null)
    {
        Label = label;
        Batch = batch;
        SeqLen = seqLen;
        _steps = steps;
        _model = ModelFactory.Create(config);
        _model.InitializeWeights(1);
        _trainer = new Trainer(_model, new TrainerOptions { LearningRate = 1e-4, TotalSteps = 1_000_000, Autocast = autocast });
        long matmulParams = _model.named_parameters().Where(p => p.parameter.dim() == 2 && !(p.name.Contains("embed_tokens") && !config.TieWordEmbeddings)).Sum(p => p.parameter.numel());
        FlopsPerToken = 6.0 * matmulParams + 12.0 * config.NumLayers * config.NumHeads * config.HeadDim * seqLen;
        Parameters = _model.ParameterCount();
        var rng = new Rng(7);
        _examples = Enumerable.Range(0, batch).Select(_ => new EncodedExample(Enumerable.Range(0, seqLen).Select(_ => rng.NextInt(config.VocabSize)).ToArray(), 0)).ToArray();
    }

    /// <summary>
    /// Training FLOPs per token, PaLM's convention: 6 × the parameters that multiply (every weight matrix, the
    /// vocabulary head once, the embedding lookup not) plus 12 × layers × width × sequence length for attention.
    /// Computed at construction: the report reads it after the workloads are disposed (before `lethe demo` runs).
    /// </summary>
    public double FlopsPerToken { get; }

    public long Parameters { get; }

    public double TokensPerSecond()
    {
        var clock = BenchClock.StartNew();
        for (int s = 0; s < _steps; s++)
            _trainer.TrainStep(_ =>
            {
                using var tb = TokenBatch.Collate(_examples, 0);
                Tensor logits, loss;
                using (StepProfiler.Measure("forward")) logits = _model.Forward(tb.InputIds);
                using (StepProfiler.Measure("loss")) loss = TokenLoss.Mean(logits, tb.Labels);
                return new MicroBatchLoss(loss, new Dictionary<string, Tensor>());
            });
        return _steps * Batch * SeqLen / clock.Seconds;
    }

    public void Dispose()
    {
        _trainer.Dispose();
        _model.Dispose();
    }
}

/// <summary>The trained model, its tokenizer and data, shared by the sampling and PMC measurements.</summary>
public sealed record TrainedModel(string ModelDir, TofuDataset Data, HfTokenizer Tokenizer)
{
    public static TrainedModel Load(string modelDir, string dataDir, int split)
        => new(modelDir, TofuDataset.FromFolder(dataDir, split), HfTokenizer.Load(modelDir));
}

/// <summary>
/// Sampling throughput at PMC's shape: 16 forget questions × 5 samples = 80 rows, up to 128 new tokens, top-p 0.95,
/// temperature 1.25, rows ending at EOS. Tokens counted are the answers' own (up to and including EOS), the same
/// count for both modes; every repetition draws the same stream, so repetitions differ only by the machine.
/// </summary>
public sealed class SamplingWorkload : IDisposable
{
    readonly CausalLM _model;
    readonly IReadOnlyList<int>[] _prompts;
    readonly SamplingOptions _options;
    readonly BatchedGenerator _generator;

    public SamplingWorkload(TrainedModel m, UnlearnConfig c, bool faithful, int questions = 16, int samples = 5, int maxNewTokens = 128)
    {
        _model = Checkpoint.Load(m.ModelDir);
        var format = PromptFormats.Create(c, m.Tokenizer);
        var forget = m.Data.Forget;
        _prompts = Enumerable.Range(0, questions).SelectMany(i => Enumerable.Repeat((IReadOnlyList<int>)format.EncodePrompt(forget[i % forget.Count].Question), samples)).ToArray();
        _options = new SamplingOptions
        {
            Greedy = false, Temperature = 1.25, TopP = 0.95, MaxNewTokens = maxNewTokens, ReferenceFaithful = faithful,
            EosIds = SpecialTokens.EosIds(_model.Config, m.Tokenizer), PadId = SpecialTokens.PadId(_model.Config, m.Tokenizer),
        };
        _generator = new BatchedGenerator(_model, reuseCache: true);
    }

    /// <summary>
    /// The engine's own case (issue 2): a Llama of width 256, 4 layers, vocabulary 8,192 with random weights,
    /// <paramref name="rows"/> distinct random 16-token prompts, exactly 64 new tokens per row (no EOS, so every row
    /// runs to the end and the nucleus is most of the vocabulary — the worst case for top-p), top-p 0.95, T 1.25.
    /// </summary>
    public SamplingWorkload(ModelConfig config, int rows, bool faithful, int newTokens = 64)
    {
        _model = ModelFactory.Create(config);
        _model.InitializeWeights(1);
        _model.eval();
        var rng = new Rng(11);
        _prompts = Enumerable.Range(0, rows).Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, 16).Select(_ => rng.NextInt(config.VocabSize)).ToArray()).ToArray();
        _options = new SamplingOptions { Greedy = false, Temperature = 1.25, TopP = 0.95, MaxNewTokens = newTokens, ReferenceFaithful = faithful };
        _generator = new BatchedGenerator(_model, reuseCache: true);
    }

    public int Rows => _prompts.Length;

    /// <summary>Answer tokens per second, and the mean answer length (to show EOS really ends rows).</summary>
    public (double TokensPerSecond, double MeanLength) Run()
    {
        var clock = BenchClock.StartNew();
        var outputs = _generator.Generate(_prompts, _options, new Rng(3));
        double seconds = clock.Seconds;
        int tokens = outputs.Sum(o => o.Length);
        return (tokens / seconds, (double)tokens / outputs.Count);
    }

    public void Dispose()
    {
        _generator.Dispose();
        _model.Dispose();
    }
}

/// <summary>
/// One full PMC optimizer step as UnlearningRun takes it (sampling, scoring, collapse and retain losses, backward,
/// clipping, AdamW), on the first micro-batches of epoch 0. The weights are restored before every step, so each
/// repetition starts from the same model. A fresh step has no selections (every question is sampled, as in a run's
/// first epoch); otherwise the selections of earlier steps carry over, as between real steps, and the default path
/// skips questions whose selection already scored 0.
/// </summary>
public sealed class PmcStepWorkload : IDisposable
{
    readonly UnlearningContext _ctx;
    readonly PmcObjective _pmc = new();
    readonly Trainer _trainer;
    readonly Dictionary<string, Tensor> _initial;
    readonly int[] _order;

    public UnlearnConfig Config => _ctx.Config;

    public PmcStepWorkload(TrainedModel m, UnlearnConfig config, bool faithful, ScalarType dtype)
    {
        var model = Checkpoint.Load(m.ModelDir, dtype);
        var format = PromptFormats.Create(config, m.Tokenizer);
        IReadOnlyList<string> refusals;
        try { refusals = m.Data.Refusals; } catch (LetheException) { refusals = Array.Empty<string>(); }
        _ctx = new UnlearningContext(model, m.Tokenizer, format, config, m.Data.Forget, m.Data.Retain, refusals,
            ObjectiveFactory.NeedsReference(config) ? () => Checkpoint.Load(m.ModelDir, dtype) : null) { ReferenceFaithful = faithful };
        _pmc.Prepare(_ctx);
        _trainer = new Trainer(model, new TrainerOptions
        {
            LearningRate = config.LearningRate, WeightDecay = config.WeightDecay, GradientAccumulationSteps = config.GradientAccumulationSteps,
            TotalSteps = 1_000_000, MaxGradNorm = config.MaxGradNorm,
        });
        _initial = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone().DetachFromDisposeScope());
        _order = StepRandom.EpochOrder(config.Seed, 0, _ctx.ForgetPrompts.Count);
    }

    /// <summary>Seconds for one optimizer step; <paramref name="fresh"/>: with no selections kept (every question sampled).</summary>
    public double Step(bool fresh)
    {
        if (fresh) _pmc.ClearSelections();
        using (no_grad())
            foreach (var (name, p) in _ctx.Model.named_parameters()) p.copy_(_initial[name]);
        var c = _ctx.Config;
        var clock = BenchClock.StartNew();
        _trainer.TrainStep(micro =>
        {
            var forget = _order.Skip(micro * c.BatchSize).Take(c.BatchSize).ToArray();
            var pairing = StepRandom.For(c.Seed, "retain-pairing", 0, micro);
            var retain = forget.Select(i => (i + pairing.NextInt(_ctx.Retain.Count)) % _ctx.Retain.Count).ToArray();
            return _pmc.Loss(_ctx, forget, retain, StepRandom.For(c.Seed, "sampling", 0, micro));
        });
        return clock.Seconds;
    }

    public void Dispose()
    {
        _trainer.Dispose();
        foreach (var t in _initial.Values) t.Dispose();
        _ctx.Model.Dispose();
    }
}
