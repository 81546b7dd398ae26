namespace Lethe.Tests.Reliability;

/// <summary>
/// A folder the operating system refuses to write into. For an ordinary user that is a folder with mode 0555; root
/// ignores permission bits, so there it is /sys, whose file system refuses new files even to root (and is read-only
/// in most containers). Both are real refusals by the OS, not simulations.
/// </summary>
public static class Unwritable
{
    public static bool IsRoot => Environment.UserName == "root" || (OperatingSystem.IsLinux() && File.ReadAllText("/proc/self/status").Contains("\nUid:\t0\t"));

    /// <summary>A folder that refuses new files, and what it is (for messages).</summary>
    public static (string Path, string What) Folder(TempDir scratch)
    {
        if (!IsRoot && !OperatingSystem.IsWindows())
        {
            string d = scratch.File("read-only");
            Directory.CreateDirectory(d);
            File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
            return (d, "a folder with mode 0555");
        }
        if (Directory.Exists("/sys/kernel")) return ("/sys/kernel", "/sys (root: permission bits do not apply)");
        throw new InvalidOperationException("running as root without /sys: no folder refuses writes to root here");
    }

    /// <summary>Gives write permission back so the scratch folder can be deleted.</summary>
    public static void Restore(TempDir scratch)
    {
        string d = scratch.File("read-only");
        if (Directory.Exists(d) && !OperatingSystem.IsWindows()) File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
