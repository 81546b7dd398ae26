namespace Lethe.IO;

/// <summary>This process's resident memory, read from /proc/self/status (Linux): current and peak.</summary>
public static class ProcessMemory
{
    /// <summary>Peak resident set size (VmHWM) in MiB, or null where /proc is unavailable.</summary>
    public static double? PeakResidentMiB() => ReadKiB("VmHWM:") / 1024.0;

    /// <summary>Current resident set size (VmRSS) in MiB, or null where /proc is unavailable.</summary>
    public static double? ResidentMiB() => ReadKiB("VmRSS:") / 1024.0;

    static long? ReadKiB(string field)
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var parts = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.TryParse(parts[0], out long kib) ? kib : null;
            }
        return null;
    }
}
