using Lethe.Training;
using static TorchSharp.torch;

namespace Lethe.Unlearning;

/// <summary>Gradient difference: −NLL(forget answers) + λ · NLL(retain pairs).</summary>
public sealed class GradDiffObjective : IUnlearningObjective
{
    public void Prepare(UnlearningContext ctx) => ctx.ForgetExamplesForBaseline("grad_diff");

    public MicroBatchLoss Loss(UnlearningContext ctx, IReadOnlyList<int> forget, IReadOnlyList<int> retain, Rng rng)
    {
        var forgetNll = ctx.MeanNll(ctx.Model, forget.Select(i => ctx.ForgetExamplesForBaseline("grad_diff")[i]).ToArray());
        var retainNll = ctx.MeanNll(ctx.Model, retain.Select(i => ctx.Retain[i]).ToArray());
        var loss = -forgetNll + ctx.Config.Lambda * retainNll;
        return new MicroBatchLoss(loss, new Dictionary<string, Tensor>
        {
            ["loss"] = loss.detach(), ["forget_loss"] = forgetNll.detach(), ["retain_loss"] = retainNll.detach(),
        });
    }
}
