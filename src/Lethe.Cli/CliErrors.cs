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

    /// <summary>Command-line parse errors: the first one in a line naming the command's help; --verbose lists all.</summary>
    public static int ReportUsage(System.CommandLine.ParseResult parse, bool verbose)
    {
        var names = new List<string>();
        for (System.CommandLine.Symbol? s = parse.CommandResult.Command; s is System.CommandLine.Command c and not System.CommandLine.RootCommand; s = c.Parents.FirstOrDefault())
            names.Insert(0, c.Name);
        string help = string.Join(" ", new[] { "lethe" }.Concat(names).Append("--help"));
        // A word the parser did not recognise is the likeliest cause of everything else it reports: name it first.
        var errors = parse.Errors.Select(e => FirstLine(e.Message).TrimEnd('.')).OrderBy(m => m.StartsWith("Unrecognized") ? 0 : 1).ToList();
        int more = errors.Count - 1;
        Console.Error.WriteLine($"lethe: {errors[0]}{(more > 0 ? $" (and {more} more)" : "")}; see '{help}'");
        if (verbose) foreach (var e in errors.Skip(1)) Console.Error.WriteLine($"lethe: {e}");
        return 2;
    }

    static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
