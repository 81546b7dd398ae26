using Lethe.Evaluation;
using Xunit;

namespace Lethe.Tests.Evaluation;

public class RougeTests
{
    static readonly RougeScore Zero = new(0, 0, 0);

    [Theory]
    [InlineData("", "")]
    [InlineData("", "some words here")]
    [InlineData("some words here", "")]
    [InlineData("...", "成都")]
    public void EmptyTokenListsScoreZero(string reference, string prediction)
    {
        var result = Rouge.Score(reference, prediction);
        Assert.Equal(Zero, result.Rouge1);
        Assert.Equal(Zero, result.RougeL);
    }

    [Fact]
    public void IdenticalTextScoresOne()
    {
        var result = Rouge.Score("The quick brown fox.", "the QUICK brown fox");
        Assert.Equal(new RougeScore(1, 1, 1), result.Rouge1);
        Assert.Equal(new RougeScore(1, 1, 1), result.RougeL);
    }

    [Fact]
    public void Rouge1ClipsRepeatedTokens()
    {
        // reference [the, cat, the, cat], prediction [the, the, the]: "the" counts min(2, 3) = 2 times.
        var s = Rouge.Score("the cat the cat", "the the the").Rouge1;
        Assert.Equal(2.0 / 3, s.Precision);
        Assert.Equal(2.0 / 4, s.Recall);
        Assert.Equal(Rouge.FMeasure(2.0 / 3, 0.5), s.FMeasure);
        // And the other way round: the prediction cannot match more "cat"s than the reference has.
        var t = Rouge.Score("cat dog", "cat cat cat cat").Rouge1;
        Assert.Equal(1.0 / 4, t.Precision);
        Assert.Equal(1.0 / 2, t.Recall);
    }

    [Fact]
    public void RougeLUsesSubsequenceNotBagOfWords()
    {
        // Same bag of words, reversed order: ROUGE-1 is perfect, the LCS is one token.
        var result = Rouge.Score("one two three four", "four three two one");
        Assert.Equal(new RougeScore(1, 1, 1), result.Rouge1);
        Assert.Equal(0.25, result.RougeL.Precision);
        Assert.Equal(0.25, result.RougeL.Recall);
    }

    [Theory]
    // Values Python prints for 2 * p * r / (p + r); the exact harmonic mean (0.625, 0.8) or 2 / (1/p + 1/r) differ
    // in the last bit, so these pin the formula and its evaluation order.
    [InlineData(5, 7, 5, 9, 0.6250000000000001)]
    [InlineData(6, 7, 3, 4, 0.7999999999999999)]
    public void FMeasureMatchesPythonToTheLastBit(int pn, int pd, int rn, int rd, double expected)
    {
        Assert.Equal(expected, Rouge.FMeasure((double)pn / pd, (double)rn / rd));
        Assert.Equal(expected, RougeScore.FromCounts(pn, pd, rd * pn / rn).FMeasure);
    }

    [Fact]
    public void FMeasureOfZeroIsZero() => Assert.Equal(0.0, Rouge.FMeasure(0, 0));

    [Fact]
    public void StemmingMakesInflectionsMatch()
    {
        var result = Rouge.Score("She writes novels", "she wrote a novel");
        // she, novel match; writes -> write vs wrote do not.
        Assert.Equal(2.0 / 4, result.Rouge1.Precision);
        Assert.Equal(2.0 / 3, result.Rouge1.Recall);
    }

    [Fact]
    public void LcsLengthAgreesWithTheFullTableOnRandomSequences()
    {
        var rng = new Random(12345);
        for (int trial = 0; trial < 500; trial++)
        {
            var a = RandomIds(rng, rng.Next(0, 40), alphabet: rng.Next(1, 8));
            var b = RandomIds(rng, rng.Next(0, 40), alphabet: rng.Next(1, 8));
            int expected = FullTableLcs(a, b);
            Assert.Equal(expected, Rouge.LcsLength(a, b));
            Assert.Equal(expected, Rouge.LcsLength(b, a));
            Assert.Equal(a.Length == 0 ? 0.0 : (double)expected / a.Length, Rouge.LcsRecall(a, b));
        }
    }

    [Fact]
    public void ClippedOverlapAgreesWithCountingOnRandomSequences()
    {
        var rng = new Random(777);
        // Lengths up to 400 per side so both the stack and the rented scratch paths run.
        for (int trial = 0; trial < 200; trial++)
        {
            var a = RandomIds(rng, rng.Next(0, 400), alphabet: rng.Next(1, 30));
            var b = RandomIds(rng, rng.Next(0, 400), alphabet: rng.Next(1, 30));
            var countA = a.GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
            int expected = b.GroupBy(x => x).Sum(g => Math.Min(g.Count(), countA.GetValueOrDefault(g.Key)));
            Assert.Equal(expected, Rouge.ClippedOverlap(a, b));
        }
    }

    [Fact]
    public void LcsBufferGrowsAcrossCallsOnOneThread()
    {
        var shortSeq = new[] { 1, 2, 3 };
        Assert.Equal(3, Rouge.LcsLength(shortSeq, shortSeq));
        var longSeq = Enumerable.Range(0, 5000).ToArray();
        Assert.Equal(5000, Rouge.LcsLength(longSeq, longSeq));
        Assert.Equal(3, Rouge.LcsLength(shortSeq, new[] { 9, 1, 9, 2, 9, 3 }));
    }

    static int[] RandomIds(Random rng, int length, int alphabet)
        => Enumerable.Range(0, length).Select(_ => rng.Next(alphabet)).ToArray();

    // The textbook (m+1)x(n+1) table, as rouge_score builds it.
    static int FullTableLcs(int[] a, int[] b)
    {
        var t = new int[a.Length + 1, b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                t[i, j] = a[i - 1] == b[j - 1] ? t[i - 1, j - 1] + 1 : Math.Max(t[i - 1, j], t[i, j - 1]);
        return t[a.Length, b.Length];
    }
}
