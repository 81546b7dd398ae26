using Lethe.Data;
using Lethe.Models;
using Lethe.Training;
using Lethe.Unlearning;
using Xunit;

namespace Lethe.Tests.Training;

public class LengthGroupingTests
{
    static int[] Lengths(int n, int seed)
    {
        var rng = new Rng((ulong)seed);
        return Enumerable.Range(0, n).Select(_ => 10 + rng.NextInt(80)).ToArray();
    }

    /// <summary>Tokens a run computes when every batch is padded to its longest sequence.</summary>
    static long PaddedTokens(int[] order, int[] lengths, int batch)
        => order.Chunk(batch).Sum(b => (long)b.Length * b.Max(i => lengths[i]));

    static int[] Group(int[] order, int[] lengths, int batch, ulong seed = 1) => LengthGrouping.Group(order, i => lengths[i], batch, new Rng(seed));

    [Fact]
    public void BatchesAreSlicesOfSortedMegaBatchesInShuffledOrderWithEveryIndexOnce()
    {
        var lengths = Lengths(1_355, 1);
        var order = StepRandom.EpochOrder(2, 0, lengths.Length);
        var grouped = Group(order, lengths, 8);
        Assert.Equal(Enumerable.Range(0, lengths.Length), grouped.Order());
        var batches = grouped.Chunk(8).ToArray();
        Assert.Equal(lengths.Length % 8, batches[^1].Length);   // the partial batch stays last
        // Each batch is a run of one mega-batch sorted by length: no longer sequence inside than the batch's first.
        Assert.All(batches, b => Assert.True(b.Zip(b.Skip(1)).All(p => lengths[p.First] >= lengths[p.Second])));
        int mega = 8 * LengthGrouping.MegaBatchBatches;
        Assert.All(batches.Where(b => b.Length == 8), b => Assert.Single(b.Select(i => Array.IndexOf(order, i) / mega).Distinct()));
        // Shuffled batches: the epoch does not run from longest to shortest.
        var firsts = batches.Select(b => lengths[b[0]]).ToArray();
        Assert.False(firsts.Zip(firsts.Skip(1)).All(p => p.First >= p.Second));
        Assert.Equal(grouped, Group(order, lengths, 8));   // a pure function: resume regroups alike
        Assert.NotEqual(grouped, Group(order, lengths, 8, seed: 2));
    }

    [Fact]
    public void CutsThePaddingOfRandomBatches()
    {
        var lengths = Lengths(1_355, 3);
        var order = StepRandom.EpochOrder(2, 0, lengths.Length);
        long random = PaddedTokens(order, lengths, 32), grouped = PaddedTokens(Group(order, lengths, 32), lengths, 32);
        long real = lengths.Sum(l => (long)l);
        Assert.True(grouped < random, $"grouped {grouped} vs random {random}");
        Assert.True(grouped - real < (random - real) / 4, $"padding: grouped {grouped - real}, random {random - real}");
    }

    [Fact]
    public void FineTuningWithGroupedBatchesIsDeterministicAndLearns()
    {
        var rng = new Rng(5);
        var examples = Enumerable.Range(0, 48).Select(i =>
        {
            int len = 6 + rng.NextInt(20);
            return new EncodedExample(Enumerable.Range(0, len).Select(t => 3 + (i * 7 + t * 3) % 50).ToArray(), len / 2);
        }).ToList();
        var c = new TrainConfig { NumEpochs = 6, BatchSize = 8, LearningRate = 3e-3, WarmupEpochs = 0, Seed = 9, GroupByLength = true };
        double[] Run(bool grouped = true)
        {
            c.GroupByLength = grouped;
            using var model = ModelFactory.Create(ModelConfig.NewLlama(64, 32, 2, 2, 2, 64, 64, null, 1, 0));
            model.InitializeWeights(4);
            return SupervisedRun.Run(model, examples, c, 0, "ft").Metrics.Series("loss");
        }
        var a = Run();
        Assert.Equal(a, Run());
        Assert.NotEqual(a, Run(grouped: false));   // the option reaches the run: other batches, other losses
        Assert.True(a[^6..].Average() < a[..6].Average() * 0.8, $"loss {a[..6].Average():F3} -> {a[^6..].Average():F3}");
    }

    [Fact]
    public void OnlyFineTuningAcceptsIt()
    {
        Assert.True(ConfigYaml.Deserialize<TrainConfig>("group_by_length: true\n", "t")!.GroupByLength);
        var e = Assert.Throws<LetheException>(() => UnlearnConfig.Parse("group_by_length: true\n", "u.yaml"));
        Assert.Contains("group_by_length", e.Message);
        var p = ConfigYaml.Deserialize<PretrainConfig>("group_by_length: true\n", "p")!;
        Assert.Contains("group_by_length", Assert.Throws<LetheException>(() => p.Validate("p.yaml")).Message);
    }
}
