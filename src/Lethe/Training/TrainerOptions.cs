namespace Lethe.Training;

/// <summary>Optimiser and schedule settings, named as in the reference configs where they appear there.</summary>
public sealed record TrainerOptions
{
    public double LearningRate { get; init; } = 1e-5;
    public double WeightDecay { get; init; } = 0.01;
    public int GradientAccumulationSteps { get; init; } = 1;

    /// <summary>Optimizer steps over which the learning rate rises linearly from 0.</summary>
    public int WarmupSteps { get; init; }

    /// <summary>Total optimizer steps; the rate then decays linearly to 0 at this step.</summary>
    public int TotalSteps { get; init; } = 1;

    /// <summary>Gradient-norm clipping threshold (transformers' default 1.0; 0 = off).</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Matrix products of each micro-batch's forward in this dtype (mixed precision); null: as the weights.</summary>
    public TorchSharp.torch.ScalarType? Autocast { get; init; }
}
