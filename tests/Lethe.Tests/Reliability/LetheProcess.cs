using System.Diagnostics;
using System.Text;

namespace Lethe.Tests.Reliability;

/// <summary>
/// The real `lethe` program (the apphost built beside the tests) as a separate OS process, so a test can kill it
/// with SIGKILL and see exactly what a user sees: exit code, stdout, stderr.
/// </summary>
public sealed class LetheProcess : IDisposable
{
    readonly Process _p;
    readonly StringBuilder _out = new(), _err = new();

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "lethe");

    LetheProcess(IEnumerable<string> args, string? shellSetup)
    {
        var psi = new ProcessStartInfo(shellSetup is null ? Executable : "/bin/bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (shellSetup is not null)
        {
            // bash -c 'SETUP; exec "$0" "$@"' lethe ARGS: the setup (ulimit, trap) applies to lethe itself.
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(shellSetup + "; exec \"$0\" \"$@\"");
            psi.ArgumentList.Add(Executable);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Tiny tensors: one thread each, so parallel test processes do not fight over the two cores.
        psi.Environment["OMP_NUM_THREADS"] = "1";
        psi.Environment["MKL_NUM_THREADS"] = "1";
        _p = new Process { StartInfo = psi };
        _p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.AppendLine(e.Data); };
        _p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_err) _err.AppendLine(e.Data); };
        _p.Start();
        _p.BeginOutputReadLine();
        _p.BeginErrorReadLine();
    }

    public static LetheProcess Start(params string[] args) => new(args, null);

    /// <summary>Runs lethe after shell commands that shape its environment (e.g. "ulimit -f 64").</summary>
    public static (int Exit, string Stdout, string Stderr) RunUnderShell(int timeoutSeconds, string setup, params string[] args)
    {
        using var p = new LetheProcess(args, setup);
        return p.Wait(timeoutSeconds);
    }

    /// <summary>Runs to completion (at most <paramref name="timeoutSeconds"/>) and returns what the user would see.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(int timeoutSeconds, params string[] args)
    {
        using var p = Start(args);
        return p.Wait(timeoutSeconds);
    }

    public bool HasExited => _p.HasExited;

    public (int Exit, string Stdout, string Stderr) Wait(int timeoutSeconds)
    {
        if (!_p.WaitForExit(timeoutSeconds * 1000))
        {
            KillHard();
            throw new TimeoutException($"lethe did not finish within {timeoutSeconds} s; stderr so far:\n{Stderr}");
        }
        _p.WaitForExit();   // drains the asynchronous output readers
        return (_p.ExitCode, Stdout, Stderr);
    }

    /// <summary>SIGKILL: the process gets no chance to clean up, as in a crash or an OOM kill.</summary>
    public void KillHard()
    {
        if (_p.HasExited) return;
        _p.Kill(entireProcessTree: true);   // SIGKILL on Unix
        _p.WaitForExit();
    }

    public string Stdout { get { lock (_out) return _out.ToString(); } }
    public string Stderr { get { lock (_err) return _err.ToString(); } }

    public void Dispose()
    {
        KillHard();
        _p.Dispose();
    }
}
