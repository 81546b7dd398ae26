using Lethe.Generation;
using Xunit;
using static TorchSharp.torch;

namespace Lethe.Tests.Generation;

public class TokenSamplerTests
{
    static Tensor LogitsOf(params double[] probs) => tensor(probs.Select(p => (float)Math.Log(p)).ToArray(), new long[] { 1, probs.Length });

    static Dictionary<long, int> Counts(Tensor logits, SamplingOptions o, int draws = 4000)
    {
        var rng = new Rng(1);
        var counts = new Dictionary<long, int>();
        for (int i = 0; i < draws; i++)
        {
            long t = TokenSampler.Next(logits, o, rng)[0];
            counts[t] = counts.GetValueOrDefault(t) + 1;
        }
        return counts;
    }

    [Fact]
    public void TopPKeepsTokensWhoseBetterMassIsBelowP()
    {
        // 0.5, 0.3, 0.15, 0.05: with top_p 0.8 token 2 has 0.8 before it → dropped; {0, 1} renormalised to 5/8, 3/8.
        var c = Counts(LogitsOf(0.5, 0.3, 0.15, 0.05), new SamplingOptions { Greedy = false, TopP = 0.8 });
        Assert.Equal(new long[] { 0, 1 }, c.Keys.Order());
        Assert.InRange(c[0] / 4000.0, 0.60, 0.65);
        // With top_p 0.81 token 2 stays.
        Assert.Contains(2L, Counts(LogitsOf(0.5, 0.3, 0.15, 0.05), new SamplingOptions { Greedy = false, TopP = 0.81 }).Keys);
    }

    [Fact]
    public void TopKThenTopPOverTheRenormalisedKeptTokens()
    {
        // top_k 2 keeps 0.5 and 0.3 → renormalised 0.625, 0.375; top_p 0.6 then keeps only token 0.
        var c = Counts(LogitsOf(0.5, 0.3, 0.15, 0.05), new SamplingOptions { Greedy = false, TopK = 2, TopP = 0.6 });
        Assert.Equal(new long[] { 0 }, c.Keys);
        Assert.Equal(new long[] { 0, 1 }, Counts(LogitsOf(0.5, 0.3, 0.15, 0.05), new SamplingOptions { Greedy = false, TopK = 2 }).Keys.Order());
    }

    [Fact]
    public void FlatDistributionsWithAHugeNucleusAreExact()
    {
        // 1000 tokens, probabilities falling slowly: the 0.95-nucleus holds hundreds of tokens.
        var probs = Enumerable.Range(0, 1000).Select(i => 1.0 - i / 2000.0).ToArray();
        double z = probs.Sum();
        var sorted = probs.Select(p => p / z).ToArray();
        int nucleus = 0;
        for (double before = 0; before < 0.95; nucleus++) before += sorted[nucleus];
        Assert.True(nucleus > 256);
        var c = Counts(LogitsOf(probs), new SamplingOptions { Greedy = false, TopP = 0.95 }, draws: 3000);
        Assert.True(c.Keys.Max() < nucleus, $"sampled token {c.Keys.Max()} outside the nucleus of {nucleus}");
        Assert.True(c.Keys.Max() > 256, "never sampled deep into the nucleus");
    }

    [Fact]
    public void TemperatureSharpensAndTheSeedReproduces()
    {
        var logits = LogitsOf(0.4, 0.35, 0.25);
        var cold = Counts(logits, new SamplingOptions { Greedy = false, Temperature = 0.02 });   // (0.4/0.35)^50 ≈ 800 : 1
        Assert.True(cold[0] > 3950, $"token 0 drawn {cold[0]} of 4000 times");
        var o = new SamplingOptions { Greedy = false, Temperature = 1.25, TopP = 0.95 };
        var r1 = new Rng(9); var r2 = new Rng(9);
        for (int i = 0; i < 50; i++) Assert.Equal(TokenSampler.Next(logits, o, r1), TokenSampler.Next(logits, o, r2));
    }

    [Fact]
    public void GreedyTakesTheLowestIdOnTies()
    {
        Assert.Equal(1L, TokenSampler.Next(tensor(new float[] { 0, 2, 2, 1 }, new long[] { 1, 4 }), new SamplingOptions(), new Rng(0))[0]);
    }
}
