using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Lethe.Models;

/// <summary>Scaled dot-product attention shared by every family, with grouped-query heads and the KV cache.</summary>
public static class Attention
{
    /// <summary>
    /// q [B, H, T, D]; k, v [B, kvH, T, D] for the new tokens. Appends k, v to the cache for this layer, then attends
    /// over everything cached. Returns [B, T, H·D].
    /// </summary>
    public static Tensor Attend(Tensor q, Tensor k, Tensor v, int layer, AttentionInputs attn)
    {
        if (attn.Cache is not null) (k, v) = attn.Cache.Append(layer, k, v);
        long groups = q.shape[1] / k.shape[1];
        if (groups > 1)
        {
            // TorchSharp's SDPA has no grouped-query option: repeat each key/value head for its query group.
            k = k.repeat_interleave(groups, dim: 1);
            v = v.repeat_interleave(groups, dim: 1);
        }
        var o = scaled_dot_product_attention(q, k, v, attn.Mask, 0.0, is_casual: attn.Causal);
        return o.transpose(1, 2).reshape(q.shape[0], q.shape[2], -1);
    }

    /// <summary>[B, T, heads·D] → [B, heads, T, D].</summary>
    public static Tensor SplitHeads(Tensor x, long heads, long headDim)
        => x.view(x.shape[0], x.shape[1], heads, headDim).transpose(1, 2);

    public static Tensor Activation(Tensor x, string name, string source) => name switch
    {
        "silu" or "swish" => silu(x),
        "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" => gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),
        "gelu" => gelu(x),
        "relu" => relu(x),
        _ => throw new Lethe.LetheException($"{source}: activation '{Lethe.LetheException.Clip(name)}' is not supported (silu, gelu_new, gelu, relu)"),
    };
}
