using Lethe.Tokenization;
using Lethe.Unlearning;

namespace Lethe.Data;

/// <summary>The prompt format a config asks for.</summary>
public static class PromptFormats
{
    public static IPromptFormat Create(UnlearnConfig c, ITokenizer tokenizer) => c.Format switch
    {
        "plain" => new PlainPromptFormat(tokenizer)
        {
            MaxLength = c.MaxLength, QuestionStartTag = c.QuestionStartTag, QuestionEndTag = c.QuestionEndTag, AnswerTag = c.AnswerTag,
        },
        _ => throw new LetheException($"prompt format '{c.Format}' is not available (plain)"),
    };
}
