using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lethe.Models;

// Phi (phi-1, phi-1.5, phi-2): attention and MLP run in parallel on the output of one shared LayerNorm and are
// both added to the residual; rotary embedding covers only the first head_dim × partial_rotary_factor dimensions;
// every projection has a bias; a final LayerNorm and a biased vocabulary head close the stack.

/// <summary>PhiForCausalLM with Hugging Face's state-dict names (model.layers.{i}.self_attn.dense, mlp.fc1, …).</summary>
public sealed class PhiForCausalLM : CausalLM
{
    readonly PhiModel _model;
    readonly Linear _lmHead;

    public PhiForCausalLM(ModelConfig config) : base("PhiForCausalLM", config)
    {
        if (config.TieWordEmbeddings) throw new LetheException($"{config.Source}: tied embeddings are not supported for phi");
        _model = new PhiModel(config);
        _lmHead = Linear(config.HiddenSize, config.VocabSize, hasBias: true);
        register_module("model", _model);
        register_module("lm_head", _lmHead);
    }

    protected override Tensor ForwardCore(Tensor inputIds, Tensor positionIds, AttentionInputs attn)
        => Autocast.Forward(_lmHead, _model.Forward(inputIds, positionIds, attn));
}

sealed class PhiModel : Module
{
    readonly Embedding _embedTokens;
    readonly ModuleList<PhiDecoderLayer> _layers;
    readonly LayerNorm _finalLayernorm;
    readonly RotaryEmbedding _rotary;

    public PhiModel(ModelConfig c) : base("PhiModel")
    {
        _embedTokens = Embedding(c.VocabSize, c.HiddenSize);
        _layers = new ModuleList<PhiDecoderLayer>(Enumerable.Range(0, c.NumLayers).Select(i => new PhiDecoderLayer(c, i)).ToArray());
        _finalLayernorm = LayerNorm(c.HiddenSize, c.NormEps);
        _rotary = new RotaryEmbedding(c.RotaryDim, c.RopeTheta, c.RopeScaling, c.Source);
        register_module("embed_tokens", _embedTokens);
        register_module("layers", _layers);
        register_module("final_layernorm", _finalLayernorm);
    }

    public Tensor Forward(Tensor inputIds, Tensor positionIds, AttentionInputs attn)
    {
        var h = _embedTokens.forward(inputIds);
        var (cos, sin) = _rotary.CosSin(positionIds, h.dtype);
        foreach (var layer in _layers) h = layer.Forward(h, cos, sin, _rotary, attn);
        return _finalLayernorm.forward(h);
    }
}

sealed class PhiDecoderLayer : Module
{
    readonly LayerNorm _inputLayernorm;
    readonly PhiAttention _selfAttn;
    readonly PhiMlp _mlp;

    public PhiDecoderLayer(ModelConfig c, int index) : base("PhiDecoderLayer")
    {
        _inputLayernorm = LayerNorm(c.HiddenSize, c.NormEps);
        _selfAttn = new PhiAttention(c, index);
        _mlp = new PhiMlp(c);
        register_module("self_attn", _selfAttn);
        register_module("mlp", _mlp);
        register_module("input_layernorm", _inputLayernorm);
    }

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, RotaryEmbedding rotary, AttentionInputs attn)
    {
        var h = _inputLayernorm.forward(x);
        return x + _selfAttn.Forward(h, cos, sin, rotary, attn) + _mlp.forward(h);
    }
}

sealed class PhiAttention : Module
{
    readonly Linear _qProj, _kProj, _vProj, _dense;
    readonly int _heads, _kvHeads, _headDim, _layer;

    public PhiAttention(ModelConfig c, int layer) : base("PhiAttention")
    {
        _heads = c.NumHeads; _kvHeads = c.NumKvHeads; _headDim = c.HeadDim; _layer = layer;
        _qProj = Linear(c.HiddenSize, _heads * _headDim, hasBias: true);
        _kProj = Linear(c.HiddenSize, _kvHeads * _headDim, hasBias: true);
        _vProj = Linear(c.HiddenSize, _kvHeads * _headDim, hasBias: true);
        _dense = Linear(_heads * _headDim, c.HiddenSize, hasBias: true);
        register_module("q_proj", _qProj);
        register_module("k_proj", _kProj);
        register_module("v_proj", _vProj);
        register_module("dense", _dense);
    }

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, RotaryEmbedding rotary, AttentionInputs attn)
    {
        x = Autocast.Input(x);
        var q = rotary.Apply(Attention.SplitHeads(Autocast.Forward(_qProj, x), _heads, _headDim), cos, sin);
        var k = rotary.Apply(Attention.SplitHeads(Autocast.Forward(_kProj, x), _kvHeads, _headDim), cos, sin);
        var v = Attention.SplitHeads(Autocast.Forward(_vProj, x), _kvHeads, _headDim);
        return Autocast.Forward(_dense, Attention.Attend(q, k, v, _layer, attn));
    }
}

sealed class PhiMlp : Module<Tensor, Tensor>
{
    readonly Linear _fc1, _fc2;
    readonly string _act, _source;

    public PhiMlp(ModelConfig c) : base("PhiMlp")
    {
        _fc1 = Linear(c.HiddenSize, c.IntermediateSize, hasBias: true);
        _fc2 = Linear(c.IntermediateSize, c.HiddenSize, hasBias: true);
        _act = c.HiddenAct; _source = c.Source;
        register_module("fc1", _fc1);
        register_module("fc2", _fc2);
    }

    public override Tensor forward(Tensor x) => Autocast.Forward(_fc2, Attention.Activation(Autocast.Forward(_fc1, x), _act, _source));
}
