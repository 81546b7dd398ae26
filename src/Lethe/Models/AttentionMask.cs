using static TorchSharp.torch;

namespace Lethe.Models;

/// <summary>
/// Builds the additive attention mask [B, 1, T, past+T]: 0 where a query may look, the dtype's lowest finite value
/// elsewhere. Not −inf: a padded query row has every key masked, and −inf would make its softmax NaN, which then
/// leaks into real tokens through the next layer (0 × NaN). With the finite minimum that row is uniform and harmless.
/// </summary>
public static class AttentionMask
{
    public static (Tensor? Mask, bool Causal) Build(Tensor? mask2d, long batch, long t, int past, ScalarType dtype, Device device)
    {
        if (mask2d is null)
        {
            if (t == 1) return (null, false);            // one new token sees everything before it
            if (past == 0) return (null, true);          // plain causal: the fused kernel's own mask is exact
        }
        long s = past + t;
        var q = arange(past, s, dtype: ScalarType.Int64, device: device).unsqueeze(1);   // [T, 1]
        var k = arange(0, s, dtype: ScalarType.Int64, device: device).unsqueeze(0);      // [1, S]
        var allowed = k.le(q).unsqueeze(0).unsqueeze(0);                                 // [1, 1, T, S]
        if (mask2d is not null)
        {
            if (mask2d.shape[0] != batch || mask2d.shape[1] != s)
                throw new ArgumentException($"attention mask is [{string.Join(", ", mask2d.shape)}], expected [{batch}, {s}]");
            allowed = allowed.logical_and(mask2d.ne(0).unsqueeze(1).unsqueeze(1));       // [B, 1, T, S]
        }
        var additive = zeros(allowed.shape, dtype, device).masked_fill(allowed.logical_not(), MinValue(dtype));
        return (additive, false);
    }

    public static double MinValue(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => float.MinValue,
        ScalarType.BFloat16 => -3.3895313892515355e38,   // torch.finfo(torch.bfloat16).min
        ScalarType.Float16 => -65504.0,
        ScalarType.Float64 => double.MinValue,
        _ => throw new ArgumentException($"no attention mask value for {dtype}"),
    };
}
