using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lethe.Models;

// GPT-2: learned absolute positions, pre-norm blocks with LayerNorm, fused q|k|v projection, gelu_new MLP, and a
// vocabulary head tied to the token embedding. Its four projections are "Conv1D": weights stored [in, out]
// (y = x·W + b), transposed relative to nn.Linear — kept that way so the state dict is Hugging Face's unchanged.

/// <summary>GPT2LMHeadModel; parameter names carry the <c>transformer.</c> prefix of that class.</summary>
public sealed class Gpt2LMHeadModel : CausalLM
{
    readonly Gpt2Model _transformer;

    public Gpt2LMHeadModel(ModelConfig config) : base("GPT2LMHeadModel", config)
    {
        _transformer = new Gpt2Model(config);
        register_module("transformer", _transformer);
    }

    protected override Tensor ForwardCore(Tensor inputIds, Tensor positionIds, AttentionInputs attn)
        => Autocast.Linear(_transformer.Forward(inputIds, positionIds, attn), _transformer.Wte.weight!);
}

sealed class Gpt2Model : Module
{
    public readonly Embedding Wte;
    readonly Embedding _wpe;
    readonly ModuleList<Gpt2Block> _h;
    readonly LayerNorm _lnF;

    public Gpt2Model(ModelConfig c) : base("GPT2Model")
    {
        Wte = Embedding(c.VocabSize, c.HiddenSize);
        _wpe = Embedding(c.MaxPositions, c.HiddenSize);
        _h = new ModuleList<Gpt2Block>(Enumerable.Range(0, c.NumLayers).Select(i => new Gpt2Block(c, i)).ToArray());
        _lnF = LayerNorm(c.HiddenSize, c.NormEps);
        register_module("wte", Wte);
        register_module("wpe", _wpe);
        register_module("h", _h);
        register_module("ln_f", _lnF);
    }

    public Tensor Forward(Tensor inputIds, Tensor positionIds, AttentionInputs attn)
    {
        var h = Wte.forward(inputIds) + _wpe.forward(positionIds);
        foreach (var block in _h) h = block.Forward(h, attn);
        return _lnF.forward(h);
    }
}

sealed class Gpt2Block : Module
{
    readonly LayerNorm _ln1, _ln2;
    readonly Gpt2Attention _attn;
    readonly Gpt2Mlp _mlp;

    public Gpt2Block(ModelConfig c, int index) : base("GPT2Block")
    {
        _ln1 = LayerNorm(c.HiddenSize, c.NormEps);
        _attn = new Gpt2Attention(c, index);
        _ln2 = LayerNorm(c.HiddenSize, c.NormEps);
        _mlp = new Gpt2Mlp(c);
        register_module("ln_1", _ln1);
        register_module("attn", _attn);
        register_module("ln_2", _ln2);
        register_module("mlp", _mlp);
    }

    public Tensor Forward(Tensor x, AttentionInputs attn)
    {
        var h = x + _attn.Forward(_ln1.forward(x), attn);
        return h + _mlp.forward(_ln2.forward(h));
    }
}

sealed class Gpt2Attention : Module
{
    readonly Conv1D _cAttn, _cProj;
    readonly int _heads, _headDim, _hidden, _layer;

    public Gpt2Attention(ModelConfig c, int layer) : base("GPT2Attention")
    {
        _heads = c.NumHeads; _headDim = c.HeadDim; _hidden = c.HiddenSize; _layer = layer;
        _cAttn = new Conv1D(c.HiddenSize, 3 * c.HiddenSize);
        _cProj = new Conv1D(c.HiddenSize, c.HiddenSize);
        register_module("c_attn", _cAttn);
        register_module("c_proj", _cProj);
    }

    public Tensor Forward(Tensor x, AttentionInputs attn)
    {
        var qkv = _cAttn.forward(x).split(_hidden, dim: -1);
        var q = Attention.SplitHeads(qkv[0], _heads, _headDim);
        var k = Attention.SplitHeads(qkv[1], _heads, _headDim);
        var v = Attention.SplitHeads(qkv[2], _heads, _headDim);
        return _cProj.forward(Attention.Attend(q, k, v, _layer, attn));
    }
}

sealed class Gpt2Mlp : Module<Tensor, Tensor>
{
    readonly Conv1D _cFc, _cProj;
    readonly string _act, _source;

    public Gpt2Mlp(ModelConfig c) : base("GPT2MLP")
    {
        _cFc = new Conv1D(c.HiddenSize, c.IntermediateSize);
        _cProj = new Conv1D(c.IntermediateSize, c.HiddenSize);
        _act = c.HiddenAct; _source = c.Source;
        register_module("c_fc", _cFc);
        register_module("c_proj", _cProj);
    }

    public override Tensor forward(Tensor x) => _cProj.forward(Attention.Activation(_cFc.forward(x), _act, _source));
}

/// <summary>GPT-2's "Conv1D": a linear layer whose weight is stored [in, out].</summary>
sealed class Conv1D : Module<Tensor, Tensor>
{
    public Conv1D(int inFeatures, int outFeatures) : base("Conv1D")
    {
        register_parameter("weight", new TorchSharp.Modules.Parameter(empty(inFeatures, outFeatures)));
        register_parameter("bias", new TorchSharp.Modules.Parameter(zeros(outFeatures)));
    }

    // Parameters looked up each call: Module.to(dtype) replaces them, so cached fields would go stale.
    public override Tensor forward(Tensor x) => Autocast.MatMulAdd(x, get_parameter("weight")!, get_parameter("bias")!);
}
