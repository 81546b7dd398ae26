namespace Lethe.Data;

/// <summary>How questions and answers become tokens: the generation prompt, and prompt + answer for training.</summary>
public interface IPromptFormat
{
    /// <summary>The tokens a model is asked with; generation continues from here.</summary>
    int[] EncodePrompt(string question);

    /// <summary>Prompt + answer + end token, with the loss on the answer part only.</summary>
    EncodedExample Encode(string question, string answer);

    /// <summary>Answers whose tail was cut to fit max_length so far (reported in logs, never silent).</summary>
    int TruncatedAnswers { get; }
}
