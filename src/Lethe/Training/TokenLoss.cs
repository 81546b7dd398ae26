using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Lethe.Training;

/// <summary>Next-token negative log-likelihood over labelled positions, in float32 whatever the model's dtype.</summary>
public static class TokenLoss
{
    /// <summary>Per-token NLL [B, T−1] (0 where unlabelled) and the label mask [B, T−1] as float.</summary>
    public static (Tensor Nll, Tensor Mask) PerToken(Tensor logits, Tensor labels)
    {
        long b = logits.shape[0], t = logits.shape[1], v = logits.shape[2];
        var shiftLogits = logits.narrow(1, 0, t - 1).to(ScalarType.Float32).reshape(-1, v);
        var shiftLabels = labels.narrow(1, 1, t - 1).reshape(-1);
        var nll = cross_entropy(shiftLogits, shiftLabels, ignore_index: TokenBatch.Ignore, reduction: TorchSharp.torch.nn.Reduction.None).view(b, t - 1);
        var mask = shiftLabels.ne(TokenBatch.Ignore).to(ScalarType.Float32).view(b, t - 1);
        return (nll * mask, mask);
    }

    /// <summary>Mean NLL over every labelled token of the batch (transformers' causal-LM loss).</summary>
    public static Tensor Mean(Tensor logits, Tensor labels)
    {
        var (nll, mask) = PerToken(logits, labels);
        return nll.sum() / mask.sum().clamp_min(1);
    }

    /// <summary>Summed NLL of each sequence [B] and its labelled-token count [B].</summary>
    public static (Tensor Sum, Tensor Count) PerSequence(Tensor logits, Tensor labels)
    {
        var (nll, mask) = PerToken(logits, labels);
        return (nll.sum(1), mask.sum(1));
    }
}
