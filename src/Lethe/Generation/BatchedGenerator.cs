using Lethe.Models;
using static TorchSharp.torch;

namespace Lethe.Generation;

/// <summary>
/// Batched generation with a key/value cache. Prompts are left-padded (position ids = cumsum(mask) − 1, so every row
/// starts at position 0); each row stops at EOS or MaxNewTokens, and finished rows leave the batch so they cost
/// nothing further. Per decoding step the host sends only the new token ids: positions and the padding mask stay in
/// libtorch and are narrowed or advanced there. <see cref="SamplingOptions.ReferenceFaithful"/> runs transformers'
/// loop instead (<see cref="ReferenceFaithfulGeneration"/>), for benchmarks.
/// </summary>
public sealed class BatchedGenerator : IDisposable
{
    readonly CausalLM _model;
    readonly bool _reuseCache;
    KvCache? _cache;

    /// <param name="model">The model to decode with.</param>
    /// <param name="reuseCache">
    /// Keep the key/value buffers between calls (grown when a call needs more) instead of allocating them per call:
    /// for a loop that generates every step, such as PMC. Dispose the generator to free them.
    /// </param>
    public BatchedGenerator(CausalLM model, bool reuseCache = false)
    {
        _model = model;
        _reuseCache = reuseCache;
    }

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
        if (o.ReferenceFaithful && o.UseCache) return ReferenceFaithfulGeneration.Run(_model, rows, o, rng);
        return o.UseCache ? WithCache(rows, o, rng, eos, outputs) : WithoutCache(rows, o, rng, eos, outputs);
    }

    KvCache CacheFor(long rows, int capacity)
    {
        if (_cache is not null && _cache.Fits(rows, capacity))
        {
            _cache.Reset(rows);
            return _cache;
        }
        long rowCapacity = Math.Max(rows, _cache?.RowCapacity ?? 0);
        int tokenCapacity = Math.Max(capacity, _cache?.Capacity ?? 0);
        _cache?.Dispose();
        _cache = _model.NewCache(rowCapacity, tokenCapacity);
        _cache.Reset(rows);
        return _cache;
    }

    List<int[]> WithCache(List<List<long>> rows, SamplingOptions o, Rng? rng, HashSet<int> eos, List<List<int>> outputs)
    {
        int b = rows.Count, maxLen = rows.Max(r => r.Count), capacity = maxLen + o.MaxNewTokens;
        bool padded = rows.Any(r => r.Count != maxLen);
        var device = _model.Device;
        // active[i] = original row index of batch row i.
        var active = Enumerable.Range(0, b).ToArray();
        var cache = CacheFor(b, capacity);
        Tensor? mask = null;   // additive [n, 1, 1, capacity]: the left padding of each row, built once
        Tensor? positions = null;   // [n, 1]: the position of each row's next token
        try
        {
            long[] next;
            using (NewDisposeScope())
            using (StepProfiler.Measure("sampling: prefill"))
            {
                // Identical prompts (PMC samples every question num_samples times) share one prefill: it runs on
                // the distinct prompts only, and their keys/values are then copied to every row that repeats them.
                var distinctIndex = new Dictionary<string, int>();
                var distinct = new List<List<long>>();
                var source = new long[b];   // row i starts from distinct prompt source[i]
                for (int i = 0; i < b; i++)
                {
                    string key = string.Join(',', rows[i]);
                    if (!distinctIndex.TryGetValue(key, out int d))
                    {
                        distinctIndex[key] = d = distinct.Count;
                        distinct.Add(rows[i]);
                    }
                    source[i] = d;
                }
                int nd = distinct.Count;
                var ids = tensor(distinct.SelectMany(r => Enumerable.Repeat((long)o.PadId, maxLen - r.Count).Concat(r)).ToArray(), new long[] { nd, maxLen }, device: device);
                Tensor? m = null, pos = null;
                if (padded)
                {
                    m = tensor(distinct.SelectMany(r => Enumerable.Repeat(0L, maxLen - r.Count).Concat(Enumerable.Repeat(1L, r.Count))).ToArray(), new long[] { nd, maxLen }, device: device);
                    pos = (m.cumsum(-1) - 1).masked_fill(m.eq(0), 1);
                }
                cache.Reset(nd);
                var logits = _model.Forward(ids, m, pos, cache).select(1, -1);
                if (nd < b)
                {
                    var expand = tensor(source, device: device);
                    cache.KeepRows(expand);
                    logits = logits.index_select(0, expand);
                    m = m?.index_select(0, expand);
                }
                if (m is not null)
                {
                    var additive = zeros(new long[] { b, 1, 1, capacity }, _model.DType, device);
                    additive.narrow(3, 0, maxLen).masked_fill_(m.eq(0).view(b, 1, 1, maxLen), AttentionMask.MinValue(_model.DType));
                    mask = additive.DetachFromDisposeScope();
                }
                positions = tensor(rows.Select(r => (long)r.Count).ToArray(), new long[] { b, 1 }, device: device).DetachFromDisposeScope();
                next = TokenSampler.Next(logits, o, rng!);
            }

            while (true)
            {
                // Record this step's tokens; find which rows are done.
                var keep = new List<int>(active.Length);
                for (int i = 0; i < active.Length; i++)
                {
                    var output = outputs[active[i]];
                    output.Add((int)next[i]);
                    if (!Finished(output, eos, o)) keep.Add(i);
                }
                if (keep.Count == 0) break;

                using var scope = NewDisposeScope();
                using var section = StepProfiler.Measure("sampling: decode");
                if (keep.Count < active.Length)
                {
                    var index = tensor(keep.Select(i => (long)i).ToArray(), device: device);
                    cache.KeepRows(index);
                    if (mask is not null) mask = Replace(mask, mask.index_select(0, index));
                    positions = Replace(positions, positions.index_select(0, index));
                    active = keep.Select(i => active[i]).ToArray();
                    next = keep.Select(i => next[i]).ToArray();
                }
                var ids = tensor(next, new long[] { active.Length, 1 }, device: device);
                Tensor logits;
                using (StepProfiler.Measure("sampling: decode forward"))
                    logits = _model.ForwardCached(ids, positions, cache, mask?.narrow(3, 0, cache.Length + 1));
                positions.add_(1);
                using (StepProfiler.Measure("sampling: decode draw"))
                    next = TokenSampler.Next(logits.select(1, -1), o, rng!);
            }
        }
        finally
        {
            mask?.Dispose();
            positions?.Dispose();
            if (!_reuseCache)
            {
                _cache?.Dispose();
                _cache = null;
            }
        }
        return outputs.Select(x => x.ToArray()).ToList();
    }

    static Tensor Replace(Tensor old, Tensor replacement)
    {
        old.Dispose();
        return replacement.DetachFromDisposeScope();
    }

    public void Dispose()
    {
        _cache?.Dispose();
        _cache = null;
    }

    static bool Finished(List<int> output, HashSet<int> eos, SamplingOptions o)
        => output.Count >= o.MaxNewTokens || (output.Count > 0 && eos.Contains(output[^1]));

    /// <summary>Re-runs the whole (padded) sequence every step; for checking the cache.</summary>
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
