using Lethe.Tokenization;

namespace Lethe.Data;

/// <summary>
/// The reference's plain format: <c>"Question: {q}\nAnswer: {a}"</c> followed by the end-of-sequence token, with
/// configurable tags. Prompt and answer are tokenized separately and concatenated, so the tokens a model is trained
/// to continue are exactly the tokens it is later prompted with. Sequences longer than max_length lose the end of
/// their answer (counted in <see cref="TruncatedAnswers"/>); a question that does not fit is an error, never cut.
/// </summary>
public sealed class PlainPromptFormat : IPromptFormat
{
    public string QuestionStartTag { get; init; } = "Question: ";
    public string QuestionEndTag { get; init; } = "\n";
    public string AnswerTag { get; init; } = "Answer: ";
    public int MaxLength { get; init; } = 200;

    readonly ITokenizer _tokenizer;
    int _truncated;

    public PlainPromptFormat(ITokenizer tokenizer) => _tokenizer = tokenizer;

    public int TruncatedAnswers => _truncated;

    public IReadOnlyList<int> StopIds => _tokenizer.EosId is int eos ? [eos] : [];

    public int[] EncodePrompt(string question)
    {
        var ids = _tokenizer.Encode(QuestionStartTag + question + QuestionEndTag + AnswerTag, addSpecialTokens: true).ToArray();
        if (ids.Length >= MaxLength)
            throw new LetheException($"question does not fit in max_length {MaxLength} ({ids.Length} prompt tokens): \"{Preview(question)}\"");
        return ids;
    }

    public EncodedExample Encode(string question, string answer)
    {
        var prompt = EncodePrompt(question);
        var answerIds = _tokenizer.Encode(answer, addSpecialTokens: false);
        int eos = _tokenizer.EosId ?? throw new LetheException("the tokenizer has no end-of-sequence token; training needs one");
        int room = MaxLength - prompt.Length;
        var body = answerIds.Append(eos).ToArray();
        if (body.Length > room)
        {
            Interlocked.Increment(ref _truncated);
            body = body[..room];
        }
        return new EncodedExample(prompt.Concat(body).ToArray(), prompt.Length);
    }

    static string Preview(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
