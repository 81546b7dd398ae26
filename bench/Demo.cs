using System.Diagnostics;
using System.Text.Json.Nodes;
using Lethe.IO;

namespace Lethe.Bench;

/// <summary>
/// `lethe demo` end to end as a child process: wall time, and peak resident memory (VmHWM, polled from /proc while
/// it runs; the high-water mark only grows, so the last reading is the peak up to a fraction of a second before exit).
/// </summary>
public static class Demo
{
    public static (double Seconds, double PeakRssMb) Run(string root, TextWriter log)
    {
        log.WriteLine("building the lethe command (Release)");
        Exec("dotnet", $"build -c Release \"{Path.Combine(root, "src", "Lethe.Cli")}\" -v q -nologo", root, log);
        string exe = Directory.GetFiles(Path.Combine(root, "src", "Lethe.Cli", "bin", "Release"), "lethe", SearchOption.AllDirectories).FirstOrDefault()
                     ?? throw new LetheException("the Release build of the lethe command was not found under src/Lethe.Cli/bin/Release");
        string outDir = Path.Combine(root, "bench", ".cache", "demo-run");
        log.WriteLine($"running {exe} demo --out {outDir}");
        var psi = new ProcessStartInfo(exe, new[] { "demo", "--out", outDir }) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new LetheException($"could not start {exe}");
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine("  demo> " + e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null && e.Data.StartsWith("==")) log.WriteLine("  demo> " + e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        double peakKb = 0;
        while (!p.WaitForExit(200)) peakKb = Math.Max(peakKb, 1024 * (ProcessMemory.PeakResidentMiB(p.Id) ?? 0));
        p.WaitForExit();
        double seconds = clock.Elapsed.TotalSeconds;
        if (p.ExitCode != 0) throw new LetheException($"lethe demo failed with exit code {p.ExitCode}");
        // The demo's own figures, when it records them, are exact; prefer them.
        string summary = Path.Combine(outDir, "summary.json");
        if (File.Exists(summary) && JsonNode.Parse(File.ReadAllText(summary)) is JsonObject s)
        {
            if (s["peak_rss_mb"]?.GetValue<double>() is double rss) peakKb = Math.Max(peakKb, rss * 1024);
        }
        return (seconds, peakKb / 1024);
    }

    static void Exec(string file, string args, string cwd, TextWriter log)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            log.WriteLine(output);
            throw new LetheException($"{file} {args} failed with exit code {p.ExitCode}");
        }
    }
}
