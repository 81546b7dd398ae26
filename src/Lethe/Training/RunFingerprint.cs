using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lethe.Data;
using Lethe.Models;
using static TorchSharp.torch;

namespace Lethe.Training;

/// <summary>
/// What a run trains, as SHA-256 digests: the stage, its settings, its data (token ids, so the tokenizer and prompt
/// format count too) and its starting weights. A checkpoint records it; resuming refuses a checkpoint whose run
/// differs, so a resumed run can only ever continue the run that was interrupted. Digests, not contents: the
/// checkpoint must not carry the data (forget answers among it).
/// </summary>
public sealed record RunFingerprint(string Kind, string Config, string Data, string Model)
{
    /// <summary>The first part that differs from <paramref name="other"/>, in words; null when they match.</summary>
    public string? Difference(RunFingerprint other)
    {
        if (Kind != other.Kind) return $"it belongs to a '{other.Kind}' run, not '{Kind}'";
        if (Config != other.Config) return "its run had different settings (config file, --set or flags)";
        if (Data != other.Data) return "its run trained on different data (or tokenizer or prompt format)";
        if (Model != other.Model) return "its run started from a different model";
        return null;
    }

    /// <summary>Digest of a settings object: every public property, serialised as JSON.</summary>
    public static string OfConfig(object config)
    {
        using var h = new Hasher();
        h.Add(JsonSerializer.SerializeToUtf8Bytes(config, config.GetType()));
        return h.Hex();
    }

    /// <summary>Digest of training examples: every token id and where each example's loss starts.</summary>
    public static string OfExamples(IEnumerable<EncodedExample> examples)
    {
        using var h = new Hasher();
        h.AddExamples(examples);
        return h.Hex();
    }

    /// <summary>Digest of a model's parameters: names, dtypes, shapes and bytes.</summary>
    public static string OfModel(CausalLM model)
    {
        using var h = new Hasher();
        using var _ = no_grad();
        foreach (var (name, p) in model.named_parameters())
        {
            using var scope = NewDisposeScope();
            var t = p.detach().cpu().contiguous();
            h.Add(name);
            h.Add(t.dtype.ToString());
            foreach (long d in t.shape) h.Add(d);
            h.Add(t.bytes);
        }
        return h.Hex();
    }

    /// <summary>An incremental SHA-256 with length-prefixed fields, so ("ab","c") and ("a","bc") differ.</summary>
    public sealed class Hasher : IDisposable
    {
        readonly IncrementalHash _h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public void Add(ReadOnlySpan<byte> bytes)
        {
            Add((long)bytes.Length);
            _h.AppendData(bytes);
        }

        public void Add(long v)
        {
            Span<byte> b = stackalloc byte[8];
            BitConverter.TryWriteBytes(b, v);
            _h.AppendData(b);
        }

        public void Add(string? s)
        {
            if (s is null) { Add(-1L); return; }
            Add(Encoding.UTF8.GetBytes(s));
        }

        public void AddIds(IReadOnlyList<int> ids)
        {
            Add((long)ids.Count);
            foreach (int id in ids) Add(id);
        }

        public void AddExamples(IEnumerable<EncodedExample> examples)
        {
            foreach (var e in examples)
            {
                AddIds(e.Ids);
                Add(e.LossStart);
            }
        }

        public string Hex() => Convert.ToHexStringLower(_h.GetHashAndReset());

        public void Dispose() => _h.Dispose();
    }
}
