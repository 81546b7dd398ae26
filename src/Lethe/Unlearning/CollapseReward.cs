using System.Runtime.InteropServices;
using Lethe.Evaluation;

namespace Lethe.Unlearning;

/// <summary>
/// PMC's score of a sampled answer (lower is preferred): ROUGE-L recall against the model's original greedy answer
/// y0, plus, when min_len &gt; 0, a penalty exp(−words) for answers shorter than min_len words, capped at 1. The
/// fluency-aware variant adds fluency_weight × the answer's mean per-token NLL under a frozen reference model, so
/// among answers equally far from y0 the readable one wins. Neither ever looks at the true forget answer.
/// </summary>
public sealed class CollapseReward
{
    readonly int _minLen;
    readonly double _fluencyWeight;
    readonly RougeVocabulary _vocab = new();
    readonly List<int> _buffer = new();

    public CollapseReward(int minLen, double fluencyWeight = 0)
    {
        _minLen = minLen;
        _fluencyWeight = fluencyWeight;
    }

    public bool UsesFluency => _fluencyWeight > 0;

    /// <summary>Tokenizes y0 once for all later scoring (ROUGE tokens interned to ints).</summary>
    public int[] PrepareReference(string y0) => _vocab.Encode(y0);

    /// <summary>The score of one candidate; <paramref name="fluencyNll"/> is its mean NLL under the frozen model.</summary>
    public double Score(int[] y0Tokens, string candidate, double fluencyNll = 0) => Evaluate(y0Tokens, candidate, fluencyNll).Score;

    /// <summary>The score and, separately, its ROUGE-L recall against y0 (what the selected-answer curve plots).</summary>
    public (double Score, double Rouge) Evaluate(int[] y0Tokens, string candidate, double fluencyNll = 0)
    {
        _buffer.Clear();   // EncodeInto appends
        _vocab.EncodeInto(candidate, _buffer);
        return Finish(Rouge.LcsRecall(y0Tokens, CollectionsMarshal.AsSpan(_buffer)), candidate, fluencyNll);
    }

    /// <summary>
    /// The same score computed the reference's way, for the reference-cost benchmark only: both texts tokenized and
    /// stemmed afresh on every call, as rouge_score does, with nothing remembered between calls.
    /// </summary>
    public (double Score, double Rouge) EvaluateText(string y0, string candidate, double fluencyNll = 0)
    {
        var vocabulary = new RougeVocabulary();
        return Finish(Rouge.LcsRecall(vocabulary.Encode(y0), vocabulary.Encode(candidate)), candidate, fluencyNll);
    }

    /// <summary>The reference-cost score alone (see <see cref="EvaluateText"/>).</summary>
    public double ScoreText(string y0, string candidate, double fluencyNll = 0) => EvaluateText(y0, candidate, fluencyNll).Score;

    (double Score, double Rouge) Finish(double rouge, string candidate, double fluencyNll)
    {
        double score = rouge;
        if (_minLen > 0)
        {
            int words = candidate.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            if (words < _minLen) score = Math.Min(1.0, score + Math.Exp(-words));
        }
        return (score + _fluencyWeight * fluencyNll, rouge);
    }
}
