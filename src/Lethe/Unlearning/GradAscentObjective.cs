using Lethe.Training;
using static TorchSharp.torch;

namespace Lethe.Unlearning;

/// <summary>Gradient ascent: maximise the NLL of the true forget answers (loss = −NLL). No retain term.</summary>
public sealed class GradAscentObjective : IUnlearningObjective
{
    public void Prepare(UnlearningContext ctx) => ctx.ForgetExamplesForBaseline("grad_ascent");

    public MicroBatchLoss Loss(UnlearningContext ctx, IReadOnlyList<int> forget, IReadOnlyList<int> retain, Rng rng)
    {
        var forgetNll = ctx.MeanNll(ctx.Model, forget.Select(i => ctx.ForgetExamplesForBaseline("grad_ascent")[i]).ToArray());
        var loss = -forgetNll;
        return new MicroBatchLoss(loss, new Dictionary<string, Tensor> { ["loss"] = loss.detach(), ["forget_loss"] = forgetNll.detach() });
    }
}
