using static TorchSharp.torch;

namespace Lethe.Models;

/// <summary>
/// Keys and values of every layer for the tokens seen so far. Keys are stored after the rotary embedding, as Hugging
/// Face does. By default the buffers are allocated once, for <see cref="RowCapacity"/> rows of
/// <see cref="Capacity"/> tokens, so a decoding step writes one slot instead of concatenating, dropping finished rows
/// compacts the live ones in place, and <see cref="Reset"/> lets the next generation reuse the same memory. The
/// growing variant (<see cref="Growing"/>) concatenates every step as transformers' DynamicCache does: benchmarks use
/// it to measure that cost, and training uses it to share a prefix across rows (concatenation keeps the autograd
/// graph, which writing into a preallocated buffer would not).
/// </summary>
public sealed class KvCache : IDisposable
{
    readonly Tensor?[] _keys, _values;
    readonly bool _growing;

    /// <summary>Tokens already in the cache.</summary>
    public int Length { get; private set; }

    /// <summary>Tokens per row the buffers hold (unbounded for the growing variant).</summary>
    public int Capacity { get; }

    /// <summary>Rows the buffers were allocated for.</summary>
    public long RowCapacity { get; }

    /// <summary>Rows in use (the batch size of the next forward pass).</summary>
    public long Rows { get; private set; }

    public KvCache(int layers, long batch, int kvHeads, int capacity, int headDim, ScalarType dtype, Device device)
        : this(layers, batch, growing: false)
    {
        Capacity = capacity;
        for (int i = 0; i < layers; i++)
        {
            // Uninitialised: a slot is only ever read after it was written (Append narrows to Length + t).
            _keys[i] = empty(new[] { batch, kvHeads, capacity, headDim }, dtype, device).DetachFromDisposeScope();
            _values[i] = empty(new[] { batch, kvHeads, capacity, headDim }, dtype, device).DetachFromDisposeScope();
        }
    }

    KvCache(int layers, long batch, bool growing)
    {
        _keys = new Tensor?[layers];
        _values = new Tensor?[layers];
        _growing = growing;
        Capacity = growing ? int.MaxValue : 0;
        RowCapacity = Rows = batch;
    }

    /// <summary>A cache that grows by concatenation every step (transformers' way; for reference-cost benchmarks).</summary>
    public static KvCache Growing(int layers, long batch) => new(layers, batch, growing: true);

    /// <summary>Whether <see cref="Reset"/> can take this many rows of this many tokens.</summary>
    public bool Fits(long rows, int tokens) => !_growing && rows <= RowCapacity && tokens <= Capacity;

    /// <summary>Empties the cache for a new generation of <paramref name="rows"/> rows, keeping the memory.</summary>
    public void Reset(long rows)
    {
        if (!Fits(rows, 0)) throw new InvalidOperationException($"KV cache holds {RowCapacity} rows, not {rows}");
        Rows = rows;
        Length = 0;
    }

    /// <summary>Writes this step's keys/values [B, kvH, T, D] for a layer and returns all of them so far.</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor k, Tensor v)
    {
        long t = k.shape[2];
        if (_growing)
        {
            _keys[layer] = Concat(_keys[layer], k);
            _values[layer] = Concat(_values[layer], v);
            return (_keys[layer]!, _values[layer]!);
        }
        if (Length + t > Capacity)
            throw new InvalidOperationException($"KV cache full: {Length} + {t} > capacity {Capacity}");
        var keys = _keys[layer]!.narrow(0, 0, Rows);
        var values = _values[layer]!.narrow(0, 0, Rows);
        keys.narrow(2, Length, t).copy_(k);
        values.narrow(2, Length, t).copy_(v);
        return (keys.narrow(2, 0, Length + t), values.narrow(2, 0, Length + t));
    }

    static Tensor Concat(Tensor? old, Tensor x)
    {
        var result = (old is null ? x.clone() : cat(new[] { old, x }, 2)).DetachFromDisposeScope();
        old?.Dispose();
        return result;
    }

    /// <summary>Called by the model once every layer has appended this step's tokens.</summary>
    public void Advance(int tokens) => Length += tokens;

    /// <summary>
    /// Keeps only the given rows, in that order (finished sequences cost nothing afterwards); an index may also
    /// repeat rows, up to <see cref="RowCapacity"/> (one prefill shared by identical prompts). Only the filled part
    /// is moved, into the front of the same buffers.
    /// </summary>
    public void KeepRows(Tensor rowIndex)
    {
        using var scope = NewDisposeScope();
        long n = rowIndex.shape[0];
        if (!_growing && n > RowCapacity) throw new InvalidOperationException($"KV cache holds {RowCapacity} rows, not {n}");
        for (int i = 0; i < _keys.Length; i++)
        {
            if (_keys[i] is null) continue;
            if (_growing)
            {
                _keys[i] = Replace(_keys[i]!, _keys[i]!.index_select(0, rowIndex));
                _values[i] = Replace(_values[i]!, _values[i]!.index_select(0, rowIndex));
                continue;
            }
            foreach (var buffer in new[] { _keys[i]!, _values[i]! })
            {
                var kept = buffer.narrow(0, 0, Rows).narrow(2, 0, Length).index_select(0, rowIndex);
                buffer.narrow(0, 0, n).narrow(2, 0, Length).copy_(kept);
            }
        }
        Rows = n;
    }

    static Tensor Replace(Tensor old, Tensor replacement)
    {
        old.Dispose();
        return replacement.DetachFromDisposeScope();
    }

    public void Dispose()
    {
        foreach (var t in _keys) t?.Dispose();
        foreach (var t in _values) t?.Dispose();
    }
}
