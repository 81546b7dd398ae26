using Lethe.Training;

namespace Lethe.Unlearning;

/// <summary>An unlearning method: the loss of one micro-batch of forget questions and retain pairs.</summary>
public interface IUnlearningObjective
{
    /// <summary>Work done once before training (PMC records the model's original answers here).</summary>
    void Prepare(UnlearningContext ctx);

    /// <summary>
    /// The loss for forget items <paramref name="forget"/> and retain items <paramref name="retain"/> (indices into
    /// the context's sets), with named terms to log. <paramref name="rng"/> is this micro-batch's own generator.
    /// </summary>
    MicroBatchLoss Loss(UnlearningContext ctx, IReadOnlyList<int> forget, IReadOnlyList<int> retain, Rng rng);
}
