namespace Lethe.Cli;

/// <summary>Turns any failure into one readable line on stderr and a non-zero exit code.</summary>
public static class CliErrors
{
    public static int Report(Exception e, bool verbose)
    {
        var inner = e;
        while (inner is System.Reflection.TargetInvocationException or TypeInitializationException or AggregateException
               && inner.InnerException is not null)
            inner = inner.InnerException;
        string line = inner switch
        {
            LetheException le => le.Message,
            FileNotFoundException f => $"File not found: {f.FileName ?? f.Message}",
            DirectoryNotFoundException d => $"Folder not found: {d.Message}",
            UnauthorizedAccessException u => $"Permission denied: {u.Message}",
            IOException io => $"I/O error: {io.Message}",
            _ => $"Internal error ({inner.GetType().Name}): {FirstLine(inner.Message)}",
        };
        Console.Error.WriteLine($"lethe: {line}");
        if (verbose) Console.Error.WriteLine(e.ToString());
        else if (inner is not LetheException) Console.Error.WriteLine("lethe: run again with --verbose for details.");
        return inner is LetheException l ? l.ExitCode : 1;
    }

    static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
