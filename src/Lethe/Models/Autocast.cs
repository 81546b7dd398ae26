using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lethe.Models;

/// <summary>
/// Mixed-precision matrix products for a float32 model: inside <see cref="Enable"/>, every projection and the
/// vocabulary head multiply in bfloat16 (inputs and weights rounded, products accumulated in float32 by the CPU's
/// bf16 instructions) and hand back float32, while weights, optimizer state, norms, softmax, rotary and the loss stay
/// float32. It is the part of PyTorch's <c>torch.autocast("cpu", torch.bfloat16)</c> a decoder needs; TorchSharp has
/// no autocast, so this is hand-written. Unlike PyTorch's, outputs return to float32 at once: element-wise ops then
/// run in float32, which libtorch's CPU kernels do faster than bf16 here (docs/BENCHMARKS.md, bf16 weights).
/// The setting is per thread and scoped, like PyTorch's; backward needs nothing (the casts are differentiable, so
/// gradients reach the float32 weights in float32).
/// </summary>
public static class Autocast
{
    [ThreadStatic] static ScalarType? _dtype;

    /// <summary>The low-precision dtype in effect on this thread, or null.</summary>
    public static ScalarType? Current => _dtype;

    /// <summary>Runs matrix products in <paramref name="dtype"/> until disposed (null: no change).</summary>
    public static IDisposable Enable(ScalarType? dtype)
    {
        var previous = _dtype;
        if (dtype is not null) _dtype = dtype;
        return new Restore(previous);
    }

    /// <summary>
    /// x · weightᵀ + bias, in the autocast dtype when one is in effect and the weights are float32 (x may already be
    /// in the low dtype, from <see cref="Input"/>); the result is float32 then.
    /// </summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        if (_dtype is not ScalarType low || weight.dtype != ScalarType.Float32) return functional.linear(x, weight, bias);
        return functional.linear(x.to(low), weight.to(low), bias?.to(low)).to(ScalarType.Float32);
    }

    /// <summary>
    /// x rounded once to the autocast dtype for several projections that read it (q, k and v; gate and up), instead
    /// of once per projection; x itself when autocast is off.
    /// </summary>
    public static Tensor Input(Tensor x) => _dtype is ScalarType low && x.dtype == ScalarType.Float32 ? x.to(low) : x;

    /// <summary>A linear layer's forward under <see cref="Linear(Tensor, Tensor, Tensor?)"/>.</summary>
    public static Tensor Forward(TorchSharp.Modules.Linear layer, Tensor x) => Linear(x, layer.weight!, layer.bias);

    /// <summary>x · weight + bias with weight stored [in, out] (GPT-2's Conv1D).</summary>
    public static Tensor MatMulAdd(Tensor x, Tensor weight, Tensor bias)
    {
        if (_dtype is not ScalarType low || weight.dtype != ScalarType.Float32) return matmul(x, weight) + bias;
        return (matmul(x.to(low), weight.to(low)) + bias.to(low)).to(ScalarType.Float32);
    }

    sealed class Restore(ScalarType? previous) : IDisposable
    {
        public void Dispose() => _dtype = previous;
    }
}
