using System.CommandLine;
using Lethe;
using Lethe.Cli.Commands;

namespace Lethe.Cli;

public static class Program
{
    /// <summary>--verbose anywhere on the line adds the stack trace to a failure's one-line message.</summary>
    public static readonly Option<bool> Verbose = new("--verbose") { Description = "Print full details on failure", Recursive = true };

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Lethe: make language models forget, by Partial Model Collapse");
        root.Options.Add(Verbose);
        // One file per command under Commands/; add new commands here.
        foreach (var cmd in new Command[]
                 {
                     InfoCommand.Create(),
                     RougeCommand.Create(),
                     GenerateCommand.Create(),
                     LogitsCommand.Create(),
                     TokenizeCommand.Create(),
                     DataCommand.Create(),
                     PretrainCommand.Create(),
                     FinetuneCommand.Create(),
                     EvalCommand.Create(),
                     UnlearnCommand.Create(),
                     DemoCommand.Create(),
                     TemplateCommand.Create(),
                     ChatCommand.Create(),
                 })
            root.Subcommands.Add(cmd);
        return root;
    }

    public static int Main(string[] args)
    {
        var parse = BuildRoot().Parse(args);
        bool verbose = parse.GetValue(Verbose);
        // A mistyped command line is a failure like any other: one line and exit 2, not the whole help text.
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
            return CliErrors.ReportUsage(parse, verbose);
        try
        {
            // Our handler, not System.CommandLine's: one line, not a stack trace.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return CliErrors.Report(e, verbose);
        }
    }
}
