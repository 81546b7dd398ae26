using static TorchSharp.torch;

namespace Lethe.Models;

/// <summary>The compute dtypes a config or flag may name.</summary>
public static class ComputeDType
{
    public static ScalarType Parse(string s, string option = "dtype") => s switch
    {
        "float32" or "f32" or "fp32" => ScalarType.Float32,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        _ => throw new LetheException($"{option} must be float32 or bfloat16 (got '{s}')"),
    };
}
