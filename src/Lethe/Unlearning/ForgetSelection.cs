namespace Lethe.Unlearning;

/// <summary>
/// What PMC currently trains a forget question towards: one of the model's own sampled answers, with its score
/// (lower = further from the original answer y0). Kept across steps; replaced only by a better-scoring sample.
/// </summary>
public sealed class ForgetSelection
{
    public int[]? AnswerIds { get; private set; }
    public string? AnswerText { get; private set; }
    public double Score { get; private set; } = double.PositiveInfinity;

    public bool HasSelection => AnswerIds is not null;

    /// <summary>The reference's skip rule: a selection that scored exactly 0 is final; anything else is resampled.</summary>
    public bool NeedsSampling => !HasSelection || Score > 0;

    /// <summary>Takes the candidate unless the kept selection scores lower (the reference keeps the old one then).</summary>
    public bool Offer(int[] answerIds, string answerText, double score)
    {
        if (HasSelection && score > Score) return false;
        AnswerIds = answerIds;
        AnswerText = answerText;
        Score = score;
        return true;
    }

    /// <summary>Replaces the kept selection's score with a recomputed one (the reference rescores it every step).</summary>
    public void Rescore(double score)
    {
        if (!HasSelection) throw new InvalidOperationException("no selection to rescore");
        Score = score;
    }

}
