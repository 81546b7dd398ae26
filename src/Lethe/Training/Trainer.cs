using Lethe.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lethe.Training;

/// <summary>One micro-batch's contribution: the loss to differentiate, and named values to log.</summary>
public sealed record MicroBatchLoss(Tensor Loss, IReadOnlyDictionary<string, Tensor> Terms);

/// <summary>
/// AdamW with decoupled weight decay (not on biases and norm scales, as transformers' Trainer does), a linear
/// warm-up then linear decay, gradient accumulation and gradient-norm clipping. Every step runs inside its own
/// dispose scope so intermediate tensors are freed at once rather than by the garbage collector.
/// </summary>
public sealed class Trainer : IDisposable
{
    readonly CausalLM _model;
    readonly TrainerOptions _o;
    readonly AdamW _optimizer;
    readonly List<Parameter> _params;
    /// <summary>Trained parameters' names in the optimizer's state order (decayed group, then the rest).</summary>
    readonly List<string> _stateNames;

    /// <summary>Optimizer steps taken so far.</summary>
    public int Step { get; private set; }

    public double LearningRate => RateAt(Step);

    public Trainer(CausalLM model, TrainerOptions options)
    {
        _model = model;
        _o = options;
        var named = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        _params = named.Select(p => p.parameter).ToList();
        bool NoDecay((string name, Parameter p) x) => x.p.dim() < 2;   // biases and norm scales
        _stateNames = named.Where(x => !NoDecay(x)).Concat(named.Where(NoDecay)).Select(x => x.name).ToList();
        var groups = new[]
        {
            new AdamW.ParamGroup(named.Where(x => !NoDecay(x)).Select(x => x.parameter), options.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay, false, false),
            new AdamW.ParamGroup(named.Where(NoDecay).Select(x => x.parameter), options.LearningRate, options.Beta1, options.Beta2, options.Epsilon, 0.0, false, false),
        };
        _optimizer = new AdamW(groups, options.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay, false, false);
    }

    /// <summary>transformers' get_linear_schedule_with_warmup, evaluated for the step about to be taken.</summary>
    public double RateAt(int step)
    {
        if (step < _o.WarmupSteps) return _o.LearningRate * (step + 1) / Math.Max(1, _o.WarmupSteps);
        double remaining = Math.Max(0, _o.TotalSteps - step);
        return _o.LearningRate * remaining / Math.Max(1, _o.TotalSteps - _o.WarmupSteps);
    }

    /// <summary>
    /// Runs <paramref name="microBatches"/> micro-batches (GradientAccumulationSteps by default; fewer at the end of
    /// an epoch that does not divide evenly), then one optimizer update. Returns each logged term averaged over the
    /// micro-batches, plus "grad_norm" and "lr".
    /// </summary>
    public Dictionary<string, double> TrainStep(Func<int, MicroBatchLoss> microBatch, int? microBatches = null)
    {
        _model.train();
        var sums = new Dictionary<string, double>();
        int accum = microBatches ?? _o.GradientAccumulationSteps;
        for (int m = 0; m < accum; m++)
        {
            using var scope = NewDisposeScope();
            MicroBatchLoss mb;
            using (Models.Autocast.Enable(_o.Autocast)) mb = microBatch(m);
            var bad = new List<string>();
            foreach (var (name, t) in mb.Terms)
            {
                double v = t.detach().to(ScalarType.Float64).item<double>();
                if (!double.IsFinite(v)) bad.Add(name);
                sums[name] = sums.GetValueOrDefault(name) + v / accum;
            }
            if (bad.Count > 0) { _optimizer.zero_grad(); throw new NonFiniteException(Step + 1, bad); }
            using (StepProfiler.Measure("backward")) (mb.Loss / accum).backward();
        }

        using var optimizerSection = StepProfiler.Measure("clip + optimizer");
        double norm = ClipGradients();
        if (!double.IsFinite(norm)) { _optimizer.zero_grad(); throw new NonFiniteException(Step + 1, "gradient"); }
        double lr = RateAt(Step);
        foreach (var g in _optimizer.ParamGroups) g.LearningRate = lr;
        using (NewDisposeScope()) _optimizer.step();
        _optimizer.zero_grad();
        Step++;
        sums["grad_norm"] = norm;
        sums["lr"] = lr;
        return sums;
    }

    /// <summary>
    /// The AdamW state of every trained parameter, by name: the per-parameter step count and the two moment
    /// tensors (live, not copies) — what a checkpoint saves and a resumed run overwrites.
    /// </summary>
    public IReadOnlyList<(string Name, AdamW.State State)> OptimizerStates()
    {
        var states = _optimizer.state_dict().State;
        if (states.Count != _stateNames.Count) throw new InvalidOperationException("optimizer state does not match the parameters");
        return _stateNames.Select((n, i) => (n, (AdamW.State)states[i])).ToList();
    }

    /// <summary>Sets the optimizer step count (the schedule's position) when a run resumes from a checkpoint.</summary>
    public void RestoreStep(int step)
    {
        if (step < 0 || step > _o.TotalSteps) throw new ArgumentOutOfRangeException(nameof(step));
        Step = step;
    }

    /// <summary>Scales gradients so their global L2 norm is at most MaxGradNorm; returns the norm before clipping.</summary>
    double ClipGradients()
    {
        using var scope = NewDisposeScope();
        var grads = _params.Select(p => p.grad).Where(g => g is not null).Select(g => g!).ToList();
        if (grads.Count == 0) return 0;
        var total = stack(grads.Select(g => g.detach().to(ScalarType.Float32).pow(2).sum()).ToArray()).sum().sqrt();
        double norm = total.item<float>();
        if (_o.MaxGradNorm > 0 && double.IsFinite(norm))
        {
            double coef = _o.MaxGradNorm / (norm + 1e-6);
            if (coef < 1) using (no_grad()) foreach (var g in grads) g.mul_(coef);
        }
        return norm;
    }

    public void Dispose() => _optimizer.Dispose();
}
