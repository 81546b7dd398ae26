using static TorchSharp.torch;

namespace Lethe.Models;

/// <summary>
/// Keys and values of every layer for the tokens seen so far, in buffers allocated once for the whole generation
/// (prompt + new tokens) so a decoding step writes one slot instead of concatenating. Keys are stored after the
/// rotary embedding, as Hugging Face does. Rows can be dropped when their sequences finish.
/// </summary>
public sealed class KvCache : IDisposable
{
    readonly Tensor[] _keys, _values;

    /// <summary>Tokens already in the cache.</summary>
    public int Length { get; private set; }
    public int Capacity { get; }

    public KvCache(int layers, long batch, int kvHeads, int capacity, int headDim, ScalarType dtype, Device device)
    {
        Capacity = capacity;
        _keys = new Tensor[layers];
        _values = new Tensor[layers];
        for (int i = 0; i < layers; i++)
        {
            _keys[i] = zeros(new[] { batch, kvHeads, capacity, headDim }, dtype, device);
            _values[i] = zeros(new[] { batch, kvHeads, capacity, headDim }, dtype, device);
        }
    }

    /// <summary>Writes this step's keys/values [B, kvH, T, D] for a layer and returns all of them so far.</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor k, Tensor v)
    {
        long t = k.shape[2];
        if (Length + t > Capacity)
            throw new InvalidOperationException($"KV cache full: {Length} + {t} > capacity {Capacity}");
        _keys[layer].narrow(2, Length, t).copy_(k);
        _values[layer].narrow(2, Length, t).copy_(v);
        return (_keys[layer].narrow(2, 0, Length + t), _values[layer].narrow(2, 0, Length + t));
    }

    /// <summary>Called by the model once every layer has appended this step's tokens.</summary>
    public void Advance(int tokens) => Length += tokens;

    /// <summary>Keeps only the given batch rows (finished sequences cost nothing afterwards).</summary>
    public void KeepRows(Tensor rowIndex)
    {
        for (int i = 0; i < _keys.Length; i++)
        {
            var k = _keys[i].index_select(0, rowIndex);
            var v = _values[i].index_select(0, rowIndex);
            _keys[i].Dispose();
            _values[i].Dispose();
            _keys[i] = k.DetachFromDisposeScope();
            _values[i] = v.DetachFromDisposeScope();
        }
    }

    public void Dispose()
    {
        foreach (var t in _keys) t.Dispose();
        foreach (var t in _values) t.Dispose();
    }
}
