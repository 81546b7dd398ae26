namespace Lethe.Data;

/// <summary>How questions and answers become tokens: the generation prompt, and prompt + answer for training.</summary>
public interface IPromptFormat
{
    /// <summary>The tokens a model is asked with; generation continues from here.</summary>
    int[] EncodePrompt(string question);

    /// <summary>Prompt + answer + end token, with the loss on the answer part only.</summary>
    EncodedExample Encode(string question, string answer);

    /// <summary>
    /// Tokens that end an answer in this format (the end-of-sequence token that <see cref="Encode"/> appends, or a
    /// chat template's end-of-turn token). Generation stops on these as well as on the model's own EOS ids.
    /// </summary>
    IReadOnlyList<int> StopIds { get; }

    /// <summary>Answers whose tail was cut to fit max_length so far (reported in logs, never silent).</summary>
    int TruncatedAnswers { get; }
}
