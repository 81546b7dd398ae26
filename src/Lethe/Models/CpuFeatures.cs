namespace Lethe.Models;

/// <summary>What the CPU can do, read from /proc/cpuinfo (libtorch does not expose its own dispatch decision).</summary>
public static class CpuFeatures
{
    static readonly Lazy<HashSet<string>> Flags = new(() =>
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags"));
            return line is null ? new() : line.Split(':', 2)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        }
        catch (IOException) { return new(); }
    });

    public static bool HasAvx512Bf16 => Flags.Value.Contains("avx512_bf16") || Flags.Value.Contains("amx_bf16");
}
