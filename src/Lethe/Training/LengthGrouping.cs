namespace Lethe.Training;

/// <summary>
/// Length-grouped data order after transformers' <c>LengthGroupedSampler</c> (<c>group_by_length</c>): the
/// epoch's random order is cut into mega-batches of 50 batches, and each mega-batch is sorted by length, longest
/// first. Batches then hold sequences of similar length, so padding to the longest in the batch wastes little,
/// while which sequences meet in a mega-batch is still random. A pure function of the epoch's order and the lengths:
/// a resumed run regroups exactly as the uninterrupted one did.
/// </summary>
public static class LengthGrouping
{
    /// <summary>Mega-batch size in batches (transformers' <c>mega_batch_mult</c> default).</summary>
    public const int MegaBatchBatches = 50;

    public static int[] Group(int[] order, Func<int, int> length, int batchSize)
    {
        int mega = Math.Max(1, batchSize) * MegaBatchBatches;
        var grouped = new int[order.Length];
        for (int start = 0; start < order.Length; start += mega)
        {
            int count = Math.Min(mega, order.Length - start);
            // Stable: equal lengths keep their random order.
            var chunk = order.Skip(start).Take(count).OrderByDescending(length).ToArray();
            Array.Copy(chunk, 0, grouped, start, count);
        }
        return grouped;
    }
}
