using Lethe.Training;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Lethe.Unlearning;

/// <summary>
/// SimNPO (Fan et al. 2024), in the paper's form: loss = −(2/β) · mean log σ(β · NLL(y|x)/|y| − γ), plus
/// λ · NLL(retain pairs). No reference model. (The authors' code computes β · (NLL/|y| − γ) instead, which scales γ
/// by β; we follow the paper's equation.)
/// </summary>
public sealed class SimNpoObjective : IUnlearningObjective
{
    public void Prepare(UnlearningContext ctx) => ctx.ForgetExamplesForBaseline("simnpo");

    public MicroBatchLoss Loss(UnlearningContext ctx, IReadOnlyList<int> forget, IReadOnlyList<int> retain, Rng rng)
    {
        var examples = forget.Select(i => ctx.ForgetExamplesForBaseline("simnpo")[i]).ToArray();
        var (nll, count) = ctx.SequenceNll(ctx.Model, examples);
        var perToken = nll / count.clamp_min(1);
        var sim = -(2.0 / ctx.Config.Beta) * logsigmoid(ctx.Config.Beta * perToken - ctx.Config.Gamma).mean();
        var retainNll = ctx.MeanNll(ctx.Model, retain.Select(i => ctx.Retain[i]).ToArray());
        var loss = sim + ctx.Config.Lambda * retainNll;
        return new MicroBatchLoss(loss, new Dictionary<string, Tensor>
        {
            ["loss"] = loss.detach(), ["simnpo_loss"] = sim.detach(), ["retain_loss"] = retainNll.detach(),
            ["forget_loss"] = perToken.mean().detach(),
        });
    }
}
