namespace Lethe.IO;

/// <summary>Element types a safetensors header may name, with their byte sizes.</summary>
public enum SafeTensorsDType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL }

public static class SafeTensorsDTypes
{
    public static int ByteSize(this SafeTensorsDType t) => t switch
    {
        SafeTensorsDType.F64 or SafeTensorsDType.I64 => 8,
        SafeTensorsDType.F32 or SafeTensorsDType.I32 => 4,
        SafeTensorsDType.F16 or SafeTensorsDType.BF16 or SafeTensorsDType.I16 => 2,
        _ => 1,
    };

    public static bool TryParse(string s, out SafeTensorsDType t)
    {
        // Exact, case-sensitive names as the format defines them; Enum.TryParse would also accept "f32" or "1".
        foreach (var v in Enum.GetValues<SafeTensorsDType>())
            if (v.ToString() == s) { t = v; return true; }
        t = default;
        return false;
    }
}
