using TorchSharp;
using static TorchSharp.torch;

namespace Lethe.Models;

/// <summary>
/// Root-mean-square norm as Llama and Qwen2 use it. TorchSharp has no RMSNorm; this follows Hugging Face's order of
/// operations exactly (normalise in float32, cast back, then scale) so bf16 runs round the same way.
/// </summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    readonly double _eps;

    public RmsNorm(int size, double eps) : base("RmsNorm")
    {
        _eps = eps;
        register_parameter("weight", new TorchSharp.Modules.Parameter(ones(size)));
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var dtype = x.dtype;
        var h = x.to(ScalarType.Float32);
        var variance = h.pow(2).mean(new long[] { -1 }, keepdim: true);
        h = h * rsqrt(variance + _eps);
        // Looked up each call: Module.to(dtype) replaces registered parameters, so a cached field would go stale.
        return (get_parameter("weight")! * h.to(dtype)).MoveToOuterDisposeScope();
    }
}
