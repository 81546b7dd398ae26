using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lethe.Models;

// Llama (and, with q/k/v biases, Qwen2): pre-norm decoder with RMSNorm, rotary positions, grouped-query attention
// and a SwiGLU MLP. Submodule names are Hugging Face's state-dict keys: model.layers.{i}.self_attn.q_proj.weight, …

/// <summary>LlamaForCausalLM: the decoder stack plus the vocabulary head (tied to the embedding or not).</summary>
public class LlamaForCausalLM : CausalLM
{
    readonly LlamaModel _model;
    readonly Linear? _lmHead;

    public LlamaForCausalLM(ModelConfig config) : this(config, qkvBias: config.AttentionBias) { }

    protected LlamaForCausalLM(ModelConfig config, bool qkvBias) : base("LlamaForCausalLM", config)
    {
        _model = new LlamaModel(config, qkvBias);
        register_module("model", _model);
        if (!config.TieWordEmbeddings)
        {
            _lmHead = Linear(config.HiddenSize, config.VocabSize, hasBias: false);
            register_module("lm_head", _lmHead);
        }
    }

    protected override Tensor ForwardCore(Tensor inputIds, Tensor positionIds, AttentionInputs attn)
    {
        var h = _model.Forward(inputIds, positionIds, attn);
        return _lmHead is null ? Autocast.Linear(h, _model.EmbedTokens.weight!) : Autocast.Forward(_lmHead, h);
    }
}

/// <summary>The embedding, the decoder layers and the final norm.</summary>
sealed class LlamaModel : Module
{
    public readonly Embedding EmbedTokens;
    readonly ModuleList<LlamaDecoderLayer> _layers;
    readonly RmsNorm _norm;
    readonly RotaryEmbedding _rotary;

    public LlamaModel(ModelConfig c, bool qkvBias) : base("LlamaModel")
    {
        EmbedTokens = Embedding(c.VocabSize, c.HiddenSize);
        _layers = new ModuleList<LlamaDecoderLayer>(Enumerable.Range(0, c.NumLayers).Select(i => new LlamaDecoderLayer(c, i, qkvBias)).ToArray());
        _norm = new RmsNorm(c.HiddenSize, c.NormEps);
        _rotary = new RotaryEmbedding(c.RotaryDim, c.RopeTheta, c.RopeScaling, c.Source);
        register_module("embed_tokens", EmbedTokens);
        register_module("layers", _layers);
        register_module("norm", _norm);
    }

    public Tensor Forward(Tensor inputIds, Tensor positionIds, AttentionInputs attn)
    {
        var h = EmbedTokens.forward(inputIds);
        var (cos, sin) = _rotary.CosSin(positionIds, h.dtype);
        foreach (var layer in _layers) h = layer.Forward(h, cos, sin, _rotary, attn);
        return _norm.forward(h);
    }
}

sealed class LlamaDecoderLayer : Module
{
    readonly LlamaAttention _selfAttn;
    readonly LlamaMlp _mlp;
    readonly RmsNorm _inputLayernorm, _postAttentionLayernorm;

    public LlamaDecoderLayer(ModelConfig c, int index, bool qkvBias) : base("LlamaDecoderLayer")
    {
        _selfAttn = new LlamaAttention(c, index, qkvBias);
        _mlp = new LlamaMlp(c);
        _inputLayernorm = new RmsNorm(c.HiddenSize, c.NormEps);
        _postAttentionLayernorm = new RmsNorm(c.HiddenSize, c.NormEps);
        register_module("self_attn", _selfAttn);
        register_module("mlp", _mlp);
        register_module("input_layernorm", _inputLayernorm);
        register_module("post_attention_layernorm", _postAttentionLayernorm);
    }

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, RotaryEmbedding rotary, AttentionInputs attn)
    {
        var h = x + _selfAttn.Forward(_inputLayernorm.forward(x), cos, sin, rotary, attn);
        return h + _mlp.forward(_postAttentionLayernorm.forward(h));
    }
}

sealed class LlamaAttention : Module
{
    readonly Linear _qProj, _kProj, _vProj, _oProj;
    readonly int _heads, _kvHeads, _headDim, _layer;

    public LlamaAttention(ModelConfig c, int layer, bool qkvBias) : base("LlamaAttention")
    {
        _heads = c.NumHeads; _kvHeads = c.NumKvHeads; _headDim = c.HeadDim; _layer = layer;
        _qProj = Linear(c.HiddenSize, _heads * _headDim, hasBias: qkvBias);
        _kProj = Linear(c.HiddenSize, _kvHeads * _headDim, hasBias: qkvBias);
        _vProj = Linear(c.HiddenSize, _kvHeads * _headDim, hasBias: qkvBias);
        _oProj = Linear(_heads * _headDim, c.HiddenSize, hasBias: c.ModelType == "llama" && c.AttentionBias);
        register_module("q_proj", _qProj);
        register_module("k_proj", _kProj);
        register_module("v_proj", _vProj);
        register_module("o_proj", _oProj);
    }

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, RotaryEmbedding rotary, AttentionInputs attn)
    {
        x = Autocast.Input(x);
        var q = rotary.Apply(Attention.SplitHeads(Autocast.Forward(_qProj, x), _heads, _headDim), cos, sin);
        var k = rotary.Apply(Attention.SplitHeads(Autocast.Forward(_kProj, x), _kvHeads, _headDim), cos, sin);
        var v = Attention.SplitHeads(Autocast.Forward(_vProj, x), _kvHeads, _headDim);
        return Autocast.Forward(_oProj, Attention.Attend(q, k, v, _layer, attn));
    }
}

/// <summary>SwiGLU: down(act(gate(x)) · up(x)).</summary>
sealed class LlamaMlp : Module<Tensor, Tensor>
{
    readonly Linear _gateProj, _upProj, _downProj;
    readonly string _act, _source;

    public LlamaMlp(ModelConfig c) : base("LlamaMlp")
    {
        _gateProj = Linear(c.HiddenSize, c.IntermediateSize, hasBias: c.MlpBias);
        _upProj = Linear(c.HiddenSize, c.IntermediateSize, hasBias: c.MlpBias);
        _downProj = Linear(c.IntermediateSize, c.HiddenSize, hasBias: c.MlpBias);
        _act = c.HiddenAct; _source = c.Source;
        register_module("gate_proj", _gateProj);
        register_module("up_proj", _upProj);
        register_module("down_proj", _downProj);
    }

    public override Tensor forward(Tensor x)
    {
        x = Autocast.Input(x);
        return Autocast.Forward(_downProj, Attention.Activation(Autocast.Forward(_gateProj, x), _act, _source) * Autocast.Forward(_upProj, x));
    }
}
