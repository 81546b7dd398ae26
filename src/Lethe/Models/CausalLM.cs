using TorchSharp;
using static TorchSharp.torch;

namespace Lethe.Models;

/// <summary>
/// A decoder-only language model: token ids (+ attention mask, position ids, optional KV cache) → logits for every
/// position. Each family is one subclass whose submodule names are exactly Hugging Face's state-dict keys, so
/// <c>named_parameters()</c> is the checkpoint's tensor list.
/// </summary>
public abstract class CausalLM : nn.Module
{
    public ModelConfig Config { get; }

    protected CausalLM(string name, ModelConfig config) : base(name) => Config = config;

    /// <summary>The dtype the weights (and so the computation) are in: float32 by default, bfloat16 on request.</summary>
    public ScalarType DType => parameters().First().dtype;
    public Device Device => parameters().First().device;

    /// <summary>
    /// Logits [B, T, vocab] in the model's dtype.
    /// </summary>
    /// <param name="inputIds">[B, T] token ids (int64).</param>
    /// <param name="attentionMask">[B, past + T], 1 for real tokens and 0 for padding; null when nothing is padded.</param>
    /// <param name="positionIds">[B, T]; null means past, past+1, … (no padding).</param>
    /// <param name="cache">Keys/values of earlier tokens; this call appends its own.</param>
    public Tensor Forward(Tensor inputIds, Tensor? attentionMask = null, Tensor? positionIds = null, KvCache? cache = null)
    {
        long b = inputIds.shape[0], t = inputIds.shape[1];
        int past = cache?.Length ?? 0;
        positionIds ??= arange(past, past + t, dtype: ScalarType.Int64, device: inputIds.device).unsqueeze(0).expand(b, t);
        var (mask, causal) = AttentionMask.Build(attentionMask, b, t, past, DType, inputIds.device);
        var logits = ForwardCore(inputIds, positionIds, new AttentionInputs(mask, causal, cache));
        cache?.Advance((int)t);
        return logits;
    }

    /// <summary>
    /// A forward pass over cached tokens with an additive mask the caller builds once and keeps between decoding
    /// steps ([B, 1, T, past + T], 0 where a query may look, <see cref="AttentionMask.MinValue"/> elsewhere; null when
    /// nothing is padded and T = 1), instead of rebuilding it from a 2-D mask every step.
    /// </summary>
    public Tensor ForwardCached(Tensor inputIds, Tensor positionIds, KvCache cache, Tensor? additiveMask)
    {
        var logits = ForwardCore(inputIds, positionIds, new AttentionInputs(additiveMask, false, cache));
        cache.Advance((int)inputIds.shape[1]);
        return logits;
    }

    /// <summary>
    /// Logits [B, T − prefix, vocab] for positions prefix, prefix+1, … of a right-padded batch whose rows all begin
    /// with the same <paramref name="prefix"/> tokens (a chat template's system block, say). Under causal attention
    /// those tokens' hidden states are the same in every row, so they are computed once, for row 0, and every row's
    /// later tokens attend to the one copy of their keys and values; with gradient, backward sums each row's
    /// contribution into that copy, which is the same gradient the full batch gives (up to float rounding). The
    /// cache grows by concatenation, which autograd sees through. prefix 0 is the plain forward.
    /// </summary>
    public Tensor ForwardAfterSharedPrefix(Tensor inputIds, int prefix)
    {
        long b = inputIds.shape[0], t = inputIds.shape[1];
        if (prefix == 0) return Forward(inputIds);
        if (prefix < 0 || prefix >= t) throw new ArgumentOutOfRangeException(nameof(prefix), $"shared prefix {prefix} of a {t}-token batch");
        using var cache = KvCache.Growing(Config.NumLayers, 1);
        Forward(inputIds.narrow(0, 0, 1).narrow(1, 0, prefix), cache: cache);   // its logits are not needed
        cache.KeepRows(zeros(b, ScalarType.Int64, inputIds.device));
        return Forward(inputIds.narrow(1, prefix, t - prefix), cache: cache);
    }

    protected abstract Tensor ForwardCore(Tensor inputIds, Tensor positionIds, AttentionInputs attn);

    /// <summary>A cache sized for <paramref name="capacity"/> tokens per row.</summary>
    public KvCache NewCache(long batch, int capacity)
        => new(Config.NumLayers, batch, Config.NumKvHeads, capacity, Config.HeadDim, DType, Device);

    /// <summary>
    /// Hugging Face's initialisation for a model trained from scratch: weights ~ N(0, 0.02), biases 0, norm scales 1.
    /// </summary>
    public void InitializeWeights(long seed, double std = 0.02)
    {
        using var _ = no_grad();
        var gen = new Generator((ulong)seed);
        foreach (var (name, p) in named_parameters())
        {
            bool isNorm = name.Contains("norm") || name.Contains(".ln_") || name.StartsWith("ln_") || name.Contains("ln_f");
            if (name.EndsWith("bias")) p.zero_();
            else if (isNorm && p.dim() == 1) p.fill_(1.0);
            else p.normal_(0, std, gen);
        }
    }

    public long ParameterCount() => parameters().Sum(p => p.numel());
}

/// <summary>What every attention layer of one forward pass shares: the additive mask, or the causal flag, and the cache.</summary>
public sealed record AttentionInputs(Tensor? Mask, bool Causal, KvCache? Cache);
