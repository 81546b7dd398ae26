namespace Lethe.Data;

/// <summary>
/// One training sequence: token ids, and where the loss starts. Tokens before <see cref="LossStart"/> (the prompt)
/// are context only; the rest (the answer and its end token) are predicted.
/// </summary>
public sealed record EncodedExample(int[] Ids, int LossStart)
{
    public int AnswerTokens => Ids.Length - LossStart;
}
