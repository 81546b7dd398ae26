using Lethe.Models;
using static TorchSharp.torch;

namespace Lethe.Generation;

/// <summary>
/// Batched generation with a key/value cache. Prompts are left-padded (position ids = cumsum(mask) − 1, so every row
/// starts at position 0); each row stops at EOS or MaxNewTokens, and finished rows leave the batch so they cost
/// nothing further.
/// </summary>
public sealed class BatchedGenerator
{
    readonly CausalLM _model;

    public BatchedGenerator(CausalLM model) => _model = model;

    /// <summary>New tokens for each prompt (EOS included when a row stopped on one; the forced prefix excluded).</summary>
    public List<int[]> Generate(IReadOnlyList<IReadOnlyList<int>> prompts, SamplingOptions o, Rng? rng = null)
    {
        o.Validate();
        if (!o.Greedy && rng is null) throw new ArgumentException("sampling needs an Rng");
        var outputs = prompts.Select(_ => new List<int>()).ToList();
        if (prompts.Count == 0 || o.MaxNewTokens == 0) return outputs.Select(x => x.ToArray()).ToList();
        var rows = prompts.Select(p => p.Concat(o.ForcedPrefix).Select(t => (long)t).ToList()).ToList();
        if (rows.Any(r => r.Count == 0)) throw new LetheException("cannot generate from an empty prompt");
        var eos = o.EosIds.ToHashSet();

        _model.eval();
        using var noGrad = no_grad();
        return o.UseCache ? WithCache(rows, o, rng, eos, outputs) : WithoutCache(rows, o, rng, eos, outputs);
    }

    List<int[]> WithCache(List<List<long>> rows, SamplingOptions o, Rng? rng, HashSet<int> eos, List<List<int>> outputs)
    {
        int b = rows.Count, maxLen = rows.Max(r => r.Count);
        bool padded = rows.Any(r => r.Count != maxLen);
        var device = _model.Device;
        // active[i] = original row index of batch row i; masks and positions kept on the host, cheap to rebuild.
        var active = Enumerable.Range(0, b).ToList();
        var mask = rows.Select(r => Enumerable.Repeat(0L, maxLen - r.Count).Concat(Enumerable.Repeat(1L, r.Count)).ToList()).ToList();
        var lastPos = rows.Select(r => (long)r.Count - 1).ToArray().ToList();

        using var cache = _model.NewCache(b, maxLen + o.MaxNewTokens);
        long[] next;
        using (NewDisposeScope())
        {
            var ids = tensor(rows.SelectMany(r => Enumerable.Repeat((long)o.PadId, maxLen - r.Count).Concat(r)).ToArray(), new long[] { b, maxLen }, device: device);
            Tensor? m = padded ? tensor(mask.SelectMany(x => x).ToArray(), new long[] { b, maxLen }, device: device) : null;
            Tensor? pos = null;
            if (padded)
            {
                var mm = m!;
                pos = (mm.cumsum(-1) - 1).masked_fill(mm.eq(0), 1);
            }
            var logits = _model.Forward(ids, m, pos, cache);
            next = TokenSampler.Next(logits.select(1, -1), o, rng!);
        }

        for (int step = 0; ; step++)
        {
            // Record this step's tokens; find which rows are done. The reference-faithful mode keeps finished
            // rows in the batch (computing tokens nobody reads), as the Python reference does.
            var keep = new List<int>();
            for (int i = 0; i < active.Count; i++)
            {
                var output = outputs[active[i]];
                if (!Finished(output, eos, o)) output.Add((int)next[i]);
                if (o.ReferenceFaithful || !Finished(output, eos, o)) keep.Add(i);
            }
            if (keep.Count == 0 || AllDone(outputs, eos, o)) break;

            using var scope = NewDisposeScope();
            if (keep.Count < active.Count)
            {
                cache.KeepRows(tensor(keep.Select(i => (long)i).ToArray(), device: device));
                active = keep.Select(i => active[i]).ToList();
                mask = keep.Select(i => mask[i]).ToList();
                lastPos = keep.Select(i => lastPos[i]).ToList();
                next = keep.Select(i => next[i]).ToArray();
            }
            int n = active.Count;
            foreach (var mrow in mask) mrow.Add(1);
            for (int i = 0; i < n; i++) lastPos[i]++;
            var ids = tensor(next, new long[] { n, 1 }, device: device);
            Tensor? m = padded ? tensor(mask.SelectMany(x => x).ToArray(), new long[] { n, mask[0].Count }, device: device) : null;
            var pos = tensor(lastPos.ToArray(), new long[] { n, 1 }, device: device);
            var logits = _model.Forward(ids, m, pos, cache);
            next = TokenSampler.Next(logits.select(1, -1), o, rng!);
        }
        return outputs.Select(x => x.ToArray()).ToList();
    }

    static bool Finished(List<int> output, HashSet<int> eos, SamplingOptions o)
        => output.Count >= o.MaxNewTokens || (output.Count > 0 && eos.Contains(output[^1]));

    static bool AllDone(List<List<int>> outputs, HashSet<int> eos, SamplingOptions o) => outputs.All(x => Finished(x, eos, o));

    /// <summary>Re-runs the whole (padded) sequence every step; for checking the cache and for the reference mode.</summary>
    List<int[]> WithoutCache(List<List<long>> rows, SamplingOptions o, Rng? rng, HashSet<int> eos, List<List<int>> outputs)
    {
        var device = _model.Device;
        var done = new bool[rows.Count];
        for (int step = 0; step < o.MaxNewTokens && done.Contains(false); step++)
        {
            using var scope = NewDisposeScope();
            int b = rows.Count, maxLen = rows.Max(r => r.Count);
            var ids = tensor(rows.SelectMany(r => Enumerable.Repeat((long)o.PadId, maxLen - r.Count).Concat(r)).ToArray(), new long[] { b, maxLen }, device: device);
            var m = tensor(rows.SelectMany(r => Enumerable.Repeat(0L, maxLen - r.Count).Concat(Enumerable.Repeat(1L, r.Count))).ToArray(), new long[] { b, maxLen }, device: device);
            var pos = (m.cumsum(-1) - 1).masked_fill(m.eq(0), 1);
            var logits = _model.Forward(ids, m, pos, null);
            var next = TokenSampler.Next(logits.select(1, -1), o, rng!);
            for (int i = 0; i < b; i++)
            {
                if (done[i]) continue;
                outputs[i].Add((int)next[i]);
                rows[i].Add(next[i]);
                if (eos.Contains((int)next[i]) || outputs[i].Count >= o.MaxNewTokens) done[i] = true;
            }
        }
        return outputs.Select(x => x.ToArray()).ToList();
    }
}
