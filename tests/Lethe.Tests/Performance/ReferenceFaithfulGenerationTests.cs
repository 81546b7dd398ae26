using Lethe.Generation;
using Lethe.Models;
using Xunit;
using static TorchSharp.torch;

namespace Lethe.Tests.Performance;

/// <summary>
/// The benchmark's reference-faithful decoding must pick tokens by the same rules as the default path, or the
/// speed-up it reports would compare different work.
/// </summary>
public class ReferenceFaithfulGenerationTests
{
    static CausalLM TinyModel()
    {
        // Two key/value heads for four query heads: the grouped-query path, as the demo's configs may use.
        var model = ModelFactory.Create(ModelConfig.NewLlama(300, 32, 2, 4, 2, 64, 128, 0, 1, 2));
        model.InitializeWeights(3, std: 0.2);   // a peaked distribution, so greedy has no near-ties
        return model;
    }

    static List<IReadOnlyList<int>> Prompts()
    {
        var rng = new Rng(5);
        // Different lengths: left padding, masks and positions all matter.
        return Enumerable.Range(0, 7).Select(i => (IReadOnlyList<int>)Enumerable.Range(0, 3 + i % 4).Select(_ => 3 + rng.NextInt(290)).ToArray()).ToList();
    }

    /// <summary>A token the model emits mid-answer for some rows, so rows stop at different steps.</summary>
    static int MidAnswerToken(CausalLM model, List<IReadOnlyList<int>> prompts)
    {
        var free = new BatchedGenerator(model).Generate(prompts, new SamplingOptions { MaxNewTokens = 12 });
        return free.Select(r => r[4]).GroupBy(t => t).OrderByDescending(g => g.Count()).First().Key;
    }

    [Fact]
    public void GreedyOutputsAreIdenticalToTheDefaultPath()
    {
        using var model = TinyModel();
        var prompts = Prompts();
        int eos = MidAnswerToken(model, prompts);
        var o = new SamplingOptions { MaxNewTokens = 12, EosIds = new[] { eos }, PadId = 1 };
        var fast = new BatchedGenerator(model).Generate(prompts, o);
        var faithful = new BatchedGenerator(model).Generate(prompts, o with { ReferenceFaithful = true });
        var uncached = new BatchedGenerator(model).Generate(prompts, o with { UseCache = false });
        Assert.Equal(uncached, fast);
        Assert.Equal(fast, faithful);
        Assert.Contains(fast, r => r.Length < 12);   // some rows really stopped early
        Assert.Contains(fast, r => r.Length == 12);
    }

    [Fact]
    public void RepeatedPromptsShareOnePrefillWithoutChangingTheOutputs()
    {
        using var model = TinyModel();
        var distinct = Prompts();
        // PMC's shape: every prompt several times, interleaved with the others.
        var prompts = Enumerable.Range(0, 3).SelectMany(_ => distinct).Concat(distinct.Take(2)).ToList();
        var o = new SamplingOptions { MaxNewTokens = 10, EosIds = new[] { MidAnswerToken(model, distinct) }, PadId = 1 };
        Assert.Equal(new BatchedGenerator(model).Generate(prompts, o with { UseCache = false }), new BatchedGenerator(model).Generate(prompts, o));
        // Sampling: repeated rows still draw independently.
        var sampled = new BatchedGenerator(model).Generate(prompts, o with { Greedy = false, Temperature = 1.5 }, new Rng(4));
        Assert.Contains(sampled.Take(distinct.Count).Zip(sampled.Skip(distinct.Count).Take(distinct.Count)), p => !p.First.SequenceEqual(p.Second));
    }

    [Fact]
    public void AReusedCacheGivesTheSameOutputsAcrossBatchSizes()
    {
        using var model = TinyModel();
        var prompts = Prompts();
        var o = new SamplingOptions { MaxNewTokens = 10, EosIds = new[] { MidAnswerToken(model, prompts) } };
        using var reused = new BatchedGenerator(model, reuseCache: true);
        // Small, then larger (the buffers grow), then small again (they are reused).
        foreach (var batch in new[] { prompts.Take(3).ToList(), prompts, prompts.Skip(2).Take(4).ToList() })
            Assert.Equal(new BatchedGenerator(model).Generate(batch, o), reused.Generate(batch, o));
    }

    [Fact]
    public void FaithfulSamplingStopsEachRowAtItsFirstEndToken()
    {
        using var model = TinyModel();
        var prompts = Prompts();
        int eos = MidAnswerToken(model, prompts);
        var o = new SamplingOptions { Greedy = false, Temperature = 1.25, TopP = 0.95, MaxNewTokens = 16, EosIds = new[] { eos }, PadId = 1, ReferenceFaithful = true };
        var outputs = new BatchedGenerator(model).Generate(prompts, o, new Rng(2));
        Assert.Equal(prompts.Count, outputs.Count);
        foreach (var row in outputs)
        {
            Assert.InRange(row.Length, 1, 16);
            Assert.All(row, t => Assert.InRange(t, 0, 299));
            Assert.DoesNotContain(eos, row[..^1]);   // nothing after the end token (the padding it emits is dropped)
            if (row.Length < 16) Assert.Equal(eos, row[^1]);
        }
        // The same Rng seed reproduces the run.
        Assert.Equal(outputs, new BatchedGenerator(model).Generate(prompts, o, new Rng(2)));
    }
}

/// <summary>transformers' top-p by full sort, cumsum and scatter must keep the same nucleus as TokenSampler.</summary>
public class ReferenceFaithfulSamplerTests
{
    static Tensor LogitsOf(params double[] probs) => tensor(probs.Select(p => (float)Math.Log(p)).ToArray(), new long[] { 1, probs.Length });

    static Dictionary<long, int> Counts(Func<long> draw, int draws = 4000)
    {
        var counts = new Dictionary<long, int>();
        for (int i = 0; i < draws; i++)
        {
            long t = draw();
            counts[t] = counts.GetValueOrDefault(t) + 1;
        }
        return counts;
    }

    static Dictionary<long, int> Faithful(Tensor logits, SamplingOptions o)
    {
        var g = new Generator(7);
        return Counts(() => ReferenceFaithfulSampler.Next(logits, o, g).item<long>());
    }

    static Dictionary<long, int> Default(Tensor logits, SamplingOptions o)
    {
        var rng = new Rng(7);
        return Counts(() => TokenSampler.Next(logits, o, rng)[0]);
    }

    [Theory]
    [InlineData(0.8, 0)]    // 0.5 + 0.3 reach 0.8: token 2 dropped
    [InlineData(0.81, 0)]   // token 2 stays
    [InlineData(0.95, 0)]
    [InlineData(1.0, 2)]    // top-k alone
    [InlineData(0.6, 2)]    // top-k, then top-p over the renormalised pair keeps token 0 only
    public void SameSupportAndFrequenciesAsTheDefaultSampler(double topP, int topK)
    {
        var logits = LogitsOf(0.5, 0.3, 0.15, 0.05);
        var o = new SamplingOptions { Greedy = false, TopP = topP, TopK = topK };
        var faithful = Faithful(logits, o);
        var fast = Default(logits, o);
        Assert.Equal(fast.Keys.Order(), faithful.Keys.Order());
        foreach (var t in fast.Keys) Assert.InRange(faithful[t] / 4000.0 - fast[t] / 4000.0, -0.04, 0.04);
    }

    [Fact]
    public void TemperatureIsAppliedBeforeTheNucleus()
    {
        // At T = 0.05 token 0 holds almost all the mass, so the 0.9-nucleus is token 0 alone.
        var c = Faithful(LogitsOf(0.4, 0.35, 0.25), new SamplingOptions { Greedy = false, Temperature = 0.05, TopP = 0.9 });
        Assert.Equal(new long[] { 0 }, c.Keys);
    }
}
