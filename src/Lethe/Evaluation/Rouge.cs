using System.Buffers;

namespace Lethe.Evaluation;

/// <summary>Precision, recall and F-measure of one ROUGE variant, as rouge_score's <c>Score</c> tuple.</summary>
public readonly record struct RougeScore(double Precision, double Recall, double FMeasure)
{
    /// <summary>
    /// Scores from a match count, the way rouge_score does: P = matches / |prediction|, R = matches / |reference|
    /// (an empty side divides by 1, which gives the same zeros rouge_score returns for empty token lists), and
    /// F = 2·P·R / (P + R), or 0 when P + R is 0 — evaluated in the same order as Python so the doubles are identical.
    /// </summary>
    public static RougeScore FromCounts(int matches, int predictionLength, int referenceLength)
    {
        double precision = (double)matches / Math.Max(predictionLength, 1);
        double recall = (double)matches / Math.Max(referenceLength, 1);
        return new RougeScore(precision, recall, Rouge.FMeasure(precision, recall));
    }
}

/// <summary>ROUGE-1 and ROUGE-L of one (reference, prediction) pair.</summary>
public readonly record struct RougeResult(RougeScore Rouge1, RougeScore RougeL);

/// <summary>
/// ROUGE-1 and ROUGE-L exactly as Google's rouge_score 0.1.2 computes them with
/// <c>RougeScorer(['rouge1', 'rougeL'], use_stemmer=True)</c>: same tokens (<see cref="RougeTokenizer"/>), same
/// counts, same double arithmetic, so results are equal with <c>==</c>.
/// </summary>
/// <remarks>
/// Hand-written: the .NET packages available do not reproduce rouge_score's tokenization and stemming, and any
/// difference there changes the scores. The <see cref="ReadOnlySpan{T}"/> overloads take token ids from one
/// <see cref="RougeVocabulary"/> and are the fast path for scoring many candidates against one reference; they
/// reuse a per-thread LCS row, so they are thread-safe and allocate nothing in steady state.
/// </remarks>
public static class Rouge
{
    // Stackalloc below this many ids when sorting for ROUGE-1; rent above it.
    const int StackInts = 512;

    [ThreadStatic] static int[]? _lcsRow;

    /// <summary>rouge_score's <c>scoring.fmeasure</c>: 2·P·R / (P + R) in Python's evaluation order, or 0 when P + R is 0.</summary>
    public static double FMeasure(double precision, double recall)
        => precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;

    /// <summary>ROUGE-1 and ROUGE-L of <paramref name="prediction"/> against <paramref name="reference"/> (the target).</summary>
    public static RougeResult Score(string reference, string prediction)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(prediction);
        var vocabulary = new RougeVocabulary();
        return Score(vocabulary.Encode(reference), vocabulary.Encode(prediction));
    }

    /// <summary>ROUGE-1 and ROUGE-L on token ids from one <see cref="RougeVocabulary"/>.</summary>
    public static RougeResult Score(ReadOnlySpan<int> reference, ReadOnlySpan<int> prediction)
        => new(Rouge1(reference, prediction), RougeL(reference, prediction));

    /// <summary>ROUGE-L (longest common subsequence) on token ids.</summary>
    public static RougeScore RougeL(ReadOnlySpan<int> reference, ReadOnlySpan<int> prediction)
        => RougeScore.FromCounts(LcsLength(reference, prediction), prediction.Length, reference.Length);

    /// <summary>ROUGE-1 on token ids: unigram overlap with each token counted at most as often as on either side.</summary>
    public static RougeScore Rouge1(ReadOnlySpan<int> reference, ReadOnlySpan<int> prediction)
        => RougeScore.FromCounts(ClippedOverlap(reference, prediction), prediction.Length, reference.Length);

    /// <summary>
    /// ROUGE-L recall, LCS / |reference| (0 for an empty reference): the number the unlearning loop needs per sample.
    /// </summary>
    public static double LcsRecall(ReadOnlySpan<int> reference, ReadOnlySpan<int> prediction)
        => reference.IsEmpty ? 0.0 : (double)LcsLength(reference, prediction) / reference.Length;

    /// <summary>Length of the longest common subsequence of two id sequences.</summary>
    public static int LcsLength(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        if (a.IsEmpty || b.IsEmpty) return 0;
        // One DP row over the shorter side: O(|a|·|b|) time, O(min) memory, reused across calls on this thread.
        if (b.Length > a.Length)
        {
            var longer = b;
            b = a;
            a = longer;
        }
        int n = b.Length;
        var rowArray = _lcsRow;
        if (rowArray is null || rowArray.Length < n + 1)
            _lcsRow = rowArray = new int[Math.Max(n + 1, 64)];
        var row = rowArray.AsSpan(0, n + 1);
        row.Clear();
        foreach (int x in a)
        {
            // row[j] holds the previous row's value until overwritten; diagonal carries row[j-1] of the previous row.
            int diagonal = 0;
            for (int j = 1; j <= n; j++)
            {
                int up = row[j];
                row[j] = x == b[j - 1] ? diagonal + 1 : Math.Max(up, row[j - 1]);
                diagonal = up;
            }
        }
        return row[n];
    }

    /// <summary>Size of the multiset intersection of two id sequences (rouge_score's clipped unigram count).</summary>
    public static int ClippedOverlap(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        if (a.IsEmpty || b.IsEmpty) return 0;
        int total = a.Length + b.Length;
        int[]? rented = null;
        Span<int> scratch = total <= StackInts ? stackalloc int[StackInts] : (rented = ArrayPool<int>.Shared.Rent(total));
        try
        {
            var sa = scratch[..a.Length];
            var sb = scratch.Slice(a.Length, b.Length);
            a.CopyTo(sa);
            b.CopyTo(sb);
            sa.Sort();
            sb.Sort();
            // Merge the sorted lists: each equal pair is one clipped match.
            int i = 0, j = 0, matches = 0;
            while (i < sa.Length && j < sb.Length)
            {
                if (sa[i] == sb[j]) { matches++; i++; j++; }
                else if (sa[i] < sb[j]) i++;
                else j++;
            }
            return matches;
        }
        finally
        {
            if (rented is not null) ArrayPool<int>.Shared.Return(rented);
        }
    }
}
