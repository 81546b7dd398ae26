using System.Runtime.InteropServices;

namespace Lethe;

/// <summary>
/// Checks that libtorch and TorchSharp's native bridge load, before TorchSharp's own loader runs. When the
/// bridge cannot load, TorchSharp's fallback wrongly blames a missing package and copies ~480 MB of libraries
/// into the output folder; we look first and say what is really wrong in one sentence.
/// </summary>
public static class NativeTorch
{
    static bool _checked;

    public static void EnsureLoaded()
    {
        if (_checked) return;
        NativeMemory.Configure();   // before libtorch allocates anything
        string dir = AppContext.BaseDirectory;
        string bridge = Path.Combine(dir, "libLibTorchSharp.so");
        if (OperatingSystem.IsLinux())
        {
            if (!File.Exists(bridge))
                throw new LetheException($"libtorch is not installed next to the program: {bridge} is missing; " +
                                         "rebuild with `dotnet build` so the libtorch-cpu-linux-x64 package is copied.");
            // libtorch_cpu first, so the bridge's dependency resolves from the same folder.
            foreach (var lib in new[] { "libtorch_cpu.so", "libLibTorchSharp.so" })
            {
                string path = Path.Combine(dir, lib);
                if (!NativeLibrary.TryLoad(path, out _))
                {
                    string why = DlError();
                    throw new LetheException(
                        $"Cannot load libtorch's native library {lib} ({why}). " +
                        "The C++ runtime on this machine may be older than the library needs (GLIBCXX); the build " +
                        "marks TorchSharp's GLIBCXX_3.4.32 need weak, so rebuild with `dotnet build` or install a newer libstdc++6.");
                }
            }
        }
        _checked = true;
    }

    [DllImport("libc", EntryPoint = "dlerror")]
    static extern IntPtr dlerror();

    static string DlError()
    {
        try
        {
            // NativeLibrary.TryLoad keeps dlerror's text; read it once, if the platform still has it.
            var p = dlerror();
            return p == IntPtr.Zero ? "no reason given by the loader" : Marshal.PtrToStringAnsi(p) ?? "";
        }
        catch { return "no reason given by the loader"; }
    }
}
