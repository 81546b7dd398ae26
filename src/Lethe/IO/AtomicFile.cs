using System.Diagnostics;
using System.Globalization;

namespace Lethe.IO;

/// <summary>
/// Writes a file under a temporary name in the same folder and renames it into place when complete, so a crash,
/// a full disk or a kill never leaves a half-written file under the real name.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="path"/> through <paramref name="write"/>. A missing permission, a full disk or a path
    /// through a file gives a one-line <see cref="LetheException"/> naming the path, and nothing under the real name.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string tmp = TempName(full);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(fs);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e)
        {
            TryDelete(tmp);
            if (IsWriteFailure(e)) throw CannotWrite(full, e);
            throw;
        }
    }

    /// <summary>
    /// Creates an output folder, or says in one line why it cannot (a file in the way, no permission, read-only).
    /// </summary>
    public static void EnsureDirectory(string dir)
    {
        try { Directory.CreateDirectory(dir); }
        catch (Exception e) when (IsWriteFailure(e)) { throw new LetheException($"{Path.GetFullPath(dir)}: cannot create the output folder ({OneLine(e)})", 2, e); }
    }

    /// <summary>
    /// Whether an exception is the file system refusing a write: I/O errors, permissions, and the
    /// ArgumentOutOfRangeException .NET raises for EFBIG (a file-size limit) from inside System.IO.
    /// </summary>
    public static bool IsWriteFailure(Exception e)
        => e is IOException or UnauthorizedAccessException
           || (e is ArgumentOutOfRangeException && e.TargetSite?.DeclaringType?.Namespace == "System.IO");

    public static void WriteAllText(string path, string text)
        => Write(path, s => { var b = new System.Text.UTF8Encoding(false).GetBytes(text); s.Write(b); });

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes));

    /// <summary>
    /// The temporary name for <paramref name="path"/>: hidden, in the same folder (so the rename is atomic), and
    /// carrying this process's id so <see cref="RemoveStale"/> can tell a dead run's leftovers from a live one's.
    /// </summary>
    public static string TempName(string path)
    {
        string full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>
    /// Deletes the temporary files a killed process left in <paramref name="dir"/> (names from <see cref="TempName"/>
    /// whose process no longer runs). Called when a run resumes into the same folder.
    /// </summary>
    public static void RemoveStale(string dir)
    {
        if (!Directory.Exists(dir)) return;
        foreach (var f in Directory.GetFiles(dir, ".*.tmp"))
        {
            var parts = Path.GetFileName(f).Split('.');
            if (parts.Length < 5 || !int.TryParse(parts[^3], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            if (pid != Environment.ProcessId && !IsRunning(pid)) TryDelete(f);
        }
    }

    /// <summary>The one-line error for a failed write: the path, and the system's reason (permission, no space …).</summary>
    public static LetheException CannotWrite(string path, Exception e)
        => new($"{path}: cannot write ({OneLine(e)})", 2, e);

    static string OneLine(Exception e) => e.Message.ReplaceLineEndings(" ").Trim();

    static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException) { return false; }
    }

    static void TryDelete(string file)
    {
        try { if (File.Exists(file)) File.Delete(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
