using Lethe.Data;

namespace Lethe.Evaluation;

/// <summary>
/// Sorts a forget answer into refusal, other fact, fluent or salad, checked in that order:
/// <list type="number">
/// <item>refusal: ROUGE-L F-measure or recall against the closest refusal phrasing ≥
/// <see cref="CollapseOptions.RefusalThreshold"/>, or at least <see cref="CollapseOptions.RefusalBigramCoverage"/>
/// of its words inside word bigrams taken from the phrasings;</item>
/// <item>other fact: ROUGE-L recall ≥ <see cref="CollapseOptions.OtherFactThreshold"/> against the answer of some
/// other known item (never the item's own: items with the same question or the same answer are skipped);</item>
/// <item>fluent: mean per-token NLL under the fluency reference below <see cref="CollapseOptions.FluentNllThreshold"/>;</item>
/// <item>salad: the rest, including an empty answer.</item>
/// </list>
/// Recall is only trusted for a generation at most <see cref="CollapseOptions.RecallMaxLengthRatio"/> times as long
/// as the text it is compared with; longer ones are judged by F-measure (see that option for why).
/// Words are ROUGE tokens (lowercased, stemmed), as everywhere in the evaluation. Not thread-safe.
/// </summary>
public sealed class CollapseClassifier
{
    readonly CollapseOptions _o;
    readonly RougeVocabulary _vocab = new();
    readonly List<(string Text, int[] Ids)> _refusals = [];
    readonly HashSet<long> _refusalBigrams = [];
    readonly List<(string Question, string Answer, int[] Ids)> _known = [];

    /// <param name="refusals">Refusal phrasings (idontknow).</param>
    /// <param name="knownItems">Items whose answers count as "other facts" (the full set); items without an answer are ignored.</param>
    /// <param name="options">Thresholds.</param>
    public CollapseClassifier(IEnumerable<string> refusals, IEnumerable<QaItem> knownItems, CollapseOptions options)
    {
        ArgumentNullException.ThrowIfNull(refusals);
        ArgumentNullException.ThrowIfNull(knownItems);
        options.Validate();
        _o = options;
        foreach (var r in refusals)
        {
            var ids = _vocab.Encode(r);
            if (ids.Length == 0) continue;
            _refusals.Add((r, ids));
            for (int i = 0; i + 1 < ids.Length; i++) _refusalBigrams.Add(Bigram(ids[i], ids[i + 1]));
        }
        foreach (var item in knownItems)
            if (item.Answer is { } a && _vocab.Encode(a) is { Length: > 0 } ids)
                _known.Add((item.Question, a, ids));
    }

    /// <summary>Refusal phrasings in use (those with at least one ROUGE token).</summary>
    public int RefusalCount => _refusals.Count;

    /// <summary>Known answers in use.</summary>
    public int KnownAnswerCount => _known.Count;

    /// <param name="question">The forget question (items with this question are not "other").</param>
    /// <param name="ownAnswer">Its true answer when known (items with this answer are not "other" either).</param>
    /// <param name="generation">What the model answered.</param>
    /// <param name="fluencyNll">Its mean per-token NLL under the fluency reference; null when not measured.</param>
    public CollapseVerdict Classify(string question, string? ownAnswer, string generation, double? fluencyNll)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(generation);
        var gen = _vocab.Encode(generation);
        if (gen.Length == 0) return new CollapseVerdict(CollapseClass.Salad, null);
        int[]? ownIds = string.IsNullOrWhiteSpace(ownAnswer) ? null : _vocab.Encode(ownAnswer);
        double ownSimilarity = 0;
        if (ownIds is { Length: > 0 })
        {
            if (Rouge.LcsRecall(ownIds, gen) >= _o.OriginalThreshold) return new CollapseVerdict(CollapseClass.Original, null);
            ownSimilarity = Similarity(ownIds, gen, useF: false);
        }

        string? bestRefusal = null;
        double bestRefusalScore = -1;
        foreach (var (text, ids) in _refusals)
        {
            double s = Similarity(ids, gen, useF: true);
            if (s > bestRefusalScore) { bestRefusalScore = s; bestRefusal = text; }
        }
        if (bestRefusal is not null && (bestRefusalScore >= _o.RefusalThreshold || BigramCoverage(gen) >= _o.RefusalBigramCoverage))
            return new CollapseVerdict(CollapseClass.Refusal, bestRefusal);

        string ownQuestion = question.Trim();
        string? own = ownAnswer?.Trim();
        foreach (var (q, a, ids) in _known)
        {
            if (string.Equals(q.Trim(), ownQuestion, StringComparison.Ordinal)) continue;
            if (own is not null && string.Equals(a.Trim(), own, StringComparison.Ordinal)) continue;
            double s = Similarity(ids, gen, useF: false);
            if (s >= _o.OtherFactThreshold && s > ownSimilarity) return new CollapseVerdict(CollapseClass.OtherFact, q);
        }

        if (fluencyNll is double nll && nll < _o.FluentNllThreshold) return new CollapseVerdict(CollapseClass.Fluent, null);
        return new CollapseVerdict(CollapseClass.Salad, null);
    }

    /// <summary>
    /// ROUGE-L recall of <paramref name="gen"/> against <paramref name="reference"/> while the generation is short
    /// enough for recall to mean something, otherwise its F-measure; with <paramref name="useF"/> the larger of
    /// recall and F-measure.
    /// </summary>
    double Similarity(int[] reference, int[] gen, bool useF)
    {
        var score = Rouge.RougeL(reference, gen);
        bool recallTrusted = gen.Length <= _o.RecallMaxLengthRatio * reference.Length;
        double recall = recallTrusted ? score.Recall : 0;
        return useF || !recallTrusted ? Math.Max(recall, score.FMeasure) : recall;
    }

    /// <summary>The fraction of the generation's tokens that sit inside a bigram found in some refusal phrasing.</summary>
    double BigramCoverage(int[] gen)
    {
        if (gen.Length < 2) return 0;
        var covered = new bool[gen.Length];
        for (int i = 0; i + 1 < gen.Length; i++)
            if (_refusalBigrams.Contains(Bigram(gen[i], gen[i + 1]))) covered[i] = covered[i + 1] = true;
        return (double)covered.Count(c => c) / gen.Length;
    }

    static long Bigram(int a, int b) => ((long)a << 32) | (uint)b;
}
