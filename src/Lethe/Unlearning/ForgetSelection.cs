using System.Text.Json.Nodes;

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

    /// <summary>The selection's ROUGE-L recall against y0 alone (equal to the score under the reference reward).</summary>
    public double Rouge { get; private set; } = double.PositiveInfinity;

    public bool HasSelection => AnswerIds is not null;

    /// <summary>The reference's skip rule: a selection that scored exactly 0 is final; anything else is resampled.</summary>
    public bool NeedsSampling => !HasSelection || Score > 0;

    /// <summary>Takes the candidate unless the kept selection scores lower (the reference keeps the old one then).</summary>
    public bool Offer(int[] answerIds, string answerText, double score, double? rouge = null)
    {
        if (HasSelection && score > Score) return false;
        AnswerIds = answerIds;
        AnswerText = answerText;
        Score = score;
        Rouge = rouge ?? score;
        return true;
    }

    /// <summary>
    /// For a checkpoint: the answer's token ids and its score, but not its text (a sampled answer may quote a
    /// forget answer, and the text is the ids decoded); null when nothing is selected yet.
    /// </summary>
    public JsonNode? ToJson() => AnswerIds is null ? null : new JsonObject
    {
        ["answer_ids"] = new JsonArray(AnswerIds.Select(i => (JsonNode?)i).ToArray()),
        ["score"] = Score,
        ["rouge"] = Rouge,
    };

    /// <summary>Restores a selection saved by <see cref="ToJson"/>; the text comes back through <paramref name="decode"/>.</summary>
    public static ForgetSelection FromJson(JsonNode? node, Func<int[], string> decode, int vocabSize, string where)
    {
        var s = new ForgetSelection();
        if (node is null) return s;
        if (node is not JsonObject o || o["answer_ids"] is not JsonArray ids || !JsonNumbers.TryDouble(o["score"], out double score) || !double.IsFinite(score))
            throw new LetheException($"{where}: expected {{\"answer_ids\": [...], \"score\": number}} or null");
        var answer = new int[ids.Count];
        for (int i = 0; i < answer.Length; i++)
            if (!JsonNumbers.TryInt(ids[i], out answer[i]) || answer[i] < 0 || answer[i] >= vocabSize) throw new LetheException($"{where}: answer_ids[{i}] is not a token id");
        double? rouge = JsonNumbers.TryDouble(o["rouge"], out double r) && double.IsFinite(r) ? r : null;
        s.Offer(answer, decode(answer), score, rouge);
        return s;
    }

    /// <summary>Replaces the kept selection's score (and its ROUGE-L part) with recomputed ones (the reference rescores every step).</summary>
    public void Rescore((double Score, double Rouge) recomputed)
    {
        if (!HasSelection) throw new InvalidOperationException("no selection to rescore");
        (Score, Rouge) = recomputed;
    }

}
