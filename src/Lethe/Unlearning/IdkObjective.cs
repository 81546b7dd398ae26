using Lethe.Data;
using Lethe.Training;
using static TorchSharp.torch;

namespace Lethe.Unlearning;

/// <summary>
/// "I don't know" fine-tuning: train each forget question towards a refusal drawn from the idontknow phrasings
/// (or "I don't know." when the data has none), plus λ · NLL(retain pairs).
/// </summary>
public sealed class IdkObjective : IUnlearningObjective
{
    IReadOnlyList<string> _refusals = new[] { "I don't know." };

    public void Prepare(UnlearningContext ctx)
    {
        if (ctx.Refusals.Count > 0) _refusals = ctx.Refusals;
    }

    public MicroBatchLoss Loss(UnlearningContext ctx, IReadOnlyList<int> forget, IReadOnlyList<int> retain, Rng rng)
    {
        var targets = forget.Select(i => ctx.Format.Encode(ctx.ForgetQuestions[i], _refusals[rng.NextInt(_refusals.Count)])).ToArray();
        var idkNll = ctx.MeanNll(ctx.Model, targets);
        var retainNll = ctx.MeanNll(ctx.Model, retain.Select(i => ctx.Retain[i]).ToArray());
        var loss = idkNll + ctx.Config.Lambda * retainNll;
        var terms = new Dictionary<string, Tensor> { ["loss"] = loss.detach(), ["idk_loss"] = idkNll.detach(), ["retain_loss"] = retainNll.detach() };
        if (ctx.ForgetAnswerLoss(forget) is { } f) terms["forget_loss"] = f;
        return new MicroBatchLoss(loss, terms);
    }
}
