using Lethe.Tokenization;
using Lethe.Unlearning;

namespace Lethe.Data;

/// <summary>The prompt format a config asks for.</summary>
public static class PromptFormats
{
    public static readonly string[] Names = ["plain", "chat"];

    public static IPromptFormat Create(UnlearnConfig c, ITokenizer tokenizer) => c.Format == "plain"
        ? new PlainPromptFormat(tokenizer)
        {
            MaxLength = c.MaxLength, QuestionStartTag = c.QuestionStartTag, QuestionEndTag = c.QuestionEndTag, AnswerTag = c.AnswerTag,
        }
        // A YAML key given with no value reads as null.
        : Create(c.Format, tokenizer, c.MaxLength, c.SystemPrompt ?? "", c.DateString);

    /// <summary>
    /// <paramref name="format"/> "plain" (the reference's "Question: …\nAnswer: …") or "chat" (the tokenizer's chat
    /// template, with the system prompt — empty for none — and date_string).
    /// </summary>
    public static IPromptFormat Create(string format, ITokenizer tokenizer, int maxLength, string systemPrompt, string? dateString) => format switch
    {
        "plain" => new PlainPromptFormat(tokenizer) { MaxLength = maxLength },
        "chat" => new ChatPromptFormat(tokenizer, systemPrompt, dateString, maxLength),
        _ => throw new LetheException($"prompt format '{format}' is not available ({string.Join(", ", Names)})"),
    };
}
