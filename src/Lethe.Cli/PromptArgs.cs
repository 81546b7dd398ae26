using System.CommandLine;
using Lethe.Data;
using Lethe.Tokenization;

namespace Lethe.Cli;

/// <summary>--format, --system and --date-string: how questions become prompts, for the commands without a config file key.</summary>
public sealed class PromptArgs
{
    public Option<string> Format { get; } = new("--format")
    {
        Description = "Prompt format: plain (\"Question: ...\\nAnswer: ...\") or chat (the model's chat template)",
        DefaultValueFactory = _ => "plain",
    };

    public Option<string> System { get; } = new("--system")
    {
        Description = "chat format: the system prompt (\"\" for none)", DefaultValueFactory = _ => ChatPromptFormat.DefaultSystemPrompt,
    };

    public Option<string> DateString { get; } = new("--date-string")
    {
        Description = "chat format: the template's date_string (\"\" for none)", DefaultValueFactory = _ => ChatPromptFormat.DefaultDateString,
    };

    public PromptArgs()
    {
        Format.AcceptOnlyFromAmong(PromptFormats.Names);
    }

    public void AddTo(Command cmd)
    {
        cmd.Options.Add(Format);
        cmd.Options.Add(System);
        cmd.Options.Add(DateString);
    }

    public bool IsChat(ParseResult r) => r.GetValue(Format) == "chat";

    public IPromptFormat Create(ParseResult r, ITokenizer tokenizer, int maxLength)
        => PromptFormats.Create(r.GetValue(Format)!, tokenizer, maxLength, r.GetValue(System) ?? "", r.GetValue(DateString));
}
