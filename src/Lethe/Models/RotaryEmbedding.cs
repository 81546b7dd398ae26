using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Lethe.Models;

/// <summary>
/// Rotary position embedding in Hugging Face's "rotate_half" convention: within the rotary part of a head of size r,
/// dimension j is paired with j + r/2 (not the interleaved 2j, 2j+1 of the original paper). Phi rotates only the
/// first r = head_dim × partial_rotary_factor dimensions and passes the rest through.
/// </summary>
public sealed class RotaryEmbedding
{
    public int Dim { get; }

    /// <summary>Per-pair frequencies, float32, length Dim/2 (after rope_scaling).</summary>
    public Tensor InvFreq { get; }

    public RotaryEmbedding(int dim, double theta, JsonObject? ropeScaling, string source)
    {
        Dim = dim;
        // As transformers does it: in float32, exponent 2j/r computed from an integer range.
        var exponent = arange(0, dim, 2, dtype: ScalarType.Int64).to(ScalarType.Float32) / dim;
        var invFreq = 1.0f / pow(tensor((float)theta), exponent);
        // Owned by the model for its whole life: never by whatever dispose scope happens to be open at construction.
        InvFreq = ApplyScaling(invFreq, ropeScaling, source).DetachFromDisposeScope();
    }

    static Tensor ApplyScaling(Tensor invFreq, JsonObject? scaling, string source)
    {
        if (scaling is null) return invFreq;
        string type = (scaling["rope_type"] ?? scaling["type"]) is JsonValue t && t.TryGetValue(out string? s) ? s : "default";
        double Get(string k) => JsonNumbers.TryDouble(scaling[k], out double v) ? v
            : throw new LetheException($"{source}: rope_scaling type '{LetheException.Clip(type)}' needs a number '{k}'");
        switch (type)
        {
            case "default":
                return invFreq;
            case "linear":
                return invFreq / Get("factor");
            case "llama3":
            {
                // Llama 3.1+: long wavelengths are slowed by `factor`, short ones kept, the band between blended.
                double factor = Get("factor"), low = Get("low_freq_factor"), high = Get("high_freq_factor");
                double oldLen = Get("original_max_position_embeddings");
                double lowWavelen = oldLen / low, highWavelen = oldLen / high;
                var wavelen = 2 * Math.PI / invFreq;
                var scaled = where(wavelen > lowWavelen, invFreq / factor, invFreq);
                var smooth = (oldLen / wavelen - low) / (high - low);
                var smoothed = (1 - smooth) * scaled / factor + smooth * scaled;
                var medium = (wavelen >= highWavelen).logical_and(wavelen <= lowWavelen);
                return where(medium, smoothed, scaled).to(ScalarType.Float32);
            }
            default:
                throw new LetheException($"{source}: rope_scaling type '{LetheException.Clip(type)}' is not supported (supported: default, linear, llama3)");
        }
    }

    /// <summary>cos and sin for the given positions [B, T], shaped [B, 1, T, Dim] to broadcast over heads.</summary>
    public (Tensor Cos, Tensor Sin) CosSin(Tensor positionIds, ScalarType dtype)
    {
        var freqs = positionIds.to(ScalarType.Float32).unsqueeze(-1) * InvFreq.to(positionIds.device); // [B, T, Dim/2]
        var emb = cat(new[] { freqs, freqs }, -1).unsqueeze(1);
        return (emb.cos().to(dtype), emb.sin().to(dtype));
    }

    /// <summary>Rotates the first Dim dimensions of x [B, H, T, head_dim]; the rest pass through unchanged.</summary>
    public Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        long headDim = x.shape[^1];
        var rot = Dim == headDim ? x : x.narrow(-1, 0, Dim);
        int half = Dim / 2;
        var x1 = rot.narrow(-1, 0, half);
        var x2 = rot.narrow(-1, half, half);
        var rotated = cat(new[] { -x2, x1 }, -1);
        var outRot = rot * cos + rotated * sin;
        return Dim == headDim ? outRot : cat(new[] { outRot, x.narrow(-1, Dim, headDim - Dim) }, -1);
    }
}
