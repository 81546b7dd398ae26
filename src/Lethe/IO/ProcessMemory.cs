namespace Lethe.IO;

/// <summary>A process's resident memory, read from /proc/PID/status (Linux): current and peak.</summary>
public static class ProcessMemory
{
    /// <summary>Peak resident set size (VmHWM) in MiB of this process or <paramref name="pid"/>; null where it cannot be read.</summary>
    public static double? PeakResidentMiB(int? pid = null) => ReadKiB("VmHWM:", pid) / 1024.0;

    /// <summary>Current resident set size (VmRSS) in MiB of this process or <paramref name="pid"/>; null where it cannot be read.</summary>
    public static double? ResidentMiB(int? pid = null) => ReadKiB("VmRSS:", pid) / 1024.0;

    static long? ReadKiB(string field, int? pid)
    {
        string path = $"/proc/{(pid is int p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "self")}/status";
        try
        {
            foreach (var line in File.ReadLines(path))
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var parts = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.TryParse(parts[0], out long kib) ? kib : null;
                }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }   // no /proc, or the process has exited
        return null;
    }
}
