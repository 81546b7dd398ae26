using Lethe.Training;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Lethe.Unlearning;

/// <summary>
/// Negative preference optimisation (Zhang et al. 2024): with r = NLL_θ(y|x) − NLL_ref(y|x) summed over answer
/// tokens and a frozen reference model, loss = −(2/β) · mean log σ(β · r), plus λ · NLL(retain pairs).
/// </summary>
public sealed class NpoObjective : IUnlearningObjective
{
    public void Prepare(UnlearningContext ctx) => ctx.ForgetExamplesForBaseline("npo");

    public MicroBatchLoss Loss(UnlearningContext ctx, IReadOnlyList<int> forget, IReadOnlyList<int> retain, Rng rng)
    {
        var examples = forget.Select(i => ctx.ForgetExamplesForBaseline("npo")[i]).ToArray();
        var (nll, count) = ctx.SequenceNll(ctx.Model, examples);
        Tensor refNll;
        using (no_grad()) refNll = ctx.SequenceNll(ctx.Reference, examples).Sum.detach();
        double beta = ctx.Config.Beta;
        var npo = -(2.0 / beta) * logsigmoid(beta * (nll - refNll)).mean();
        var retainNll = ctx.MeanNll(ctx.Model, retain.Select(i => ctx.Retain[i]).ToArray());
        var loss = npo + ctx.Config.Lambda * retainNll;
        return new MicroBatchLoss(loss, new Dictionary<string, Tensor>
        {
            ["loss"] = loss.detach(), ["npo_loss"] = npo.detach(), ["retain_loss"] = retainNll.detach(),
            ["forget_loss"] = (nll.sum() / count.sum().clamp_min(1)).detach(),
        });
    }
}
