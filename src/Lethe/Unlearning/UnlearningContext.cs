using Lethe.Data;
using Lethe.Generation;
using Lethe.Models;
using Lethe.Tokenization;
using Lethe.Training;
using static TorchSharp.torch;

namespace Lethe.Unlearning;

/// <summary>
/// What an unlearning objective works with. The forget set is held as questions; its answers, when the data has
/// them, are reachable only through <see cref="ForgetAnswerLoss"/>, which runs without gradient — so PMC's
/// objective cannot touch them.
/// </summary>
public sealed class UnlearningContext
{
    public CausalLM Model { get; }
    public ITokenizer Tokenizer { get; }
    public IPromptFormat Format { get; }
    public UnlearnConfig Config { get; }
    public IReadOnlyList<string> ForgetQuestions { get; }
    public IReadOnlyList<int[]> ForgetPrompts { get; }
    public IReadOnlyList<EncodedExample> Retain { get; }
    public IReadOnlyList<string> Refusals { get; }
    readonly IReadOnlyList<EncodedExample>? _forgetExamples;
    readonly CausalLM? _reference;

    public UnlearningContext(CausalLM model, ITokenizer tokenizer, IPromptFormat format, UnlearnConfig config,
        IReadOnlyList<QaItem> forget, IReadOnlyList<QaItem> retain, IReadOnlyList<string> refusals, Func<CausalLM>? referenceModel)
    {
        Model = model;
        Tokenizer = tokenizer;
        Format = format;
        Config = config;
        PadId = SpecialTokens.PadId(model.Config, tokenizer);
        // A chat template's end-of-turn token ends a sampled answer as EOS does.
        EosIds = SpecialTokens.EosIds(model.Config, tokenizer).Union(format.StopIds).ToArray();
        if (forget.Count == 0) throw new LetheException("the forget set is empty");
        if (retain.Count == 0) throw new LetheException("the retain set is empty");
        ForgetQuestions = forget.Select(f => f.Question).ToArray();
        ForgetPrompts = forget.Select(f => format.EncodePrompt(f.Question)).ToArray();
        Retain = retain.Select((r, i) => format.Encode(r.Question, r.Answer ?? throw new LetheException($"retain record {i + 1} has no answer"))).ToArray();
        _forgetExamples = forget.All(f => f.Answer is not null) ? forget.Select(f => format.Encode(f.Question, f.Answer!)).ToArray() : null;
        Refusals = refusals;
        // Loaded now, outside any training step's dispose scope.
        _reference = referenceModel?.Invoke();
    }

    public bool HasForgetAnswers => _forgetExamples is not null;

    /// <summary>
    /// A digest of everything the run trains and samples on — forget prompts and questions, forget answers when
    /// present, retain examples, refusals — for a checkpoint's fingerprint. A digest, so no answer is stored.
    /// </summary>
    public string DataFingerprint()
    {
        using var h = new RunFingerprint.Hasher();
        foreach (var q in ForgetQuestions) h.Add(q);
        foreach (var p in ForgetPrompts) h.AddIds(p);
        h.Add(_forgetExamples is null ? 0 : 1);
        if (_forgetExamples is not null) h.AddExamples(_forgetExamples);
        h.AddExamples(Retain);
        foreach (var r in Refusals) h.Add(r);
        return h.Hex();
    }

    public int PadId { get; }

    public IReadOnlyList<int> EosIds { get; }

    /// <summary>The frozen reference model (starting checkpoint unless configured otherwise).</summary>
    public CausalLM Reference => _reference ?? throw new InvalidOperationException("no reference model configured");

    /// <summary>
    /// Run the loop the way the Python reference does, to measure what Lethe saves (benchmarks only, never for
    /// results; set by the benchmark, not by any config): batches padded to max_length with an attention mask,
    /// transformers-style generation (<see cref="SamplingOptions.ReferenceFaithful"/>), every forget question
    /// resampled every step, every score (the kept selection's too) recomputed from text each step.
    /// </summary>
    public bool ReferenceFaithful { get; set; }

    /// <summary>Mean NLL of examples under a model, with gradient when the model is being trained.</summary>
    public Tensor MeanNll(CausalLM model, IReadOnlyList<EncodedExample> examples)
    {
        using var batch = TokenBatch.Collate(examples, PadId, model.Device, ReferenceFaithful ? Config.MaxLength : null);
        var (logits, labels) = Forward(model, batch, examples);
        return TokenLoss.Mean(logits, labels);
    }

    /// <summary>Summed NLL and token count per example [B].</summary>
    public (Tensor Sum, Tensor Count) SequenceNll(CausalLM model, IReadOnlyList<EncodedExample> examples)
    {
        using var batch = TokenBatch.Collate(examples, PadId, model.Device, ReferenceFaithful ? Config.MaxLength : null);
        var (logits, labels) = Forward(model, batch, examples);
        return TokenLoss.PerSequence(logits, labels);
    }

    /// <summary>
    /// Right padding needs no mask (no real token looks at a later slot), and a prefix every row shares runs once;
    /// the reference passes a mask anyway and runs every row in full.
    /// </summary>
    (Tensor Logits, Tensor Labels) Forward(CausalLM model, TokenBatch batch, IReadOnlyList<EncodedExample> examples)
    {
        if (!ReferenceFaithful) return batch.Logits(model);
        long len = batch.InputIds.shape[1];
        var mask = tensor(examples.SelectMany(e => Enumerable.Range(0, (int)len).Select(t => t < e.Ids.Length ? 1L : 0L)).ToArray(), new[] { examples.Count, len }, device: model.Device);
        return (model.Forward(batch.InputIds, mask), batch.Labels);   // positions 0, 1, … as transformers uses in training
    }

    /// <summary>
    /// The loss on the true forget answers, for logging only: computed under no_grad and detached, so it can never
    /// contribute a gradient. Null when the forget set has no answers.
    /// </summary>
    public Tensor? ForgetAnswerLoss(IReadOnlyList<int> forgetIndex)
    {
        if (_forgetExamples is null) return null;
        using var _ = no_grad();
        return MeanNll(Model, forgetIndex.Select(i => _forgetExamples[i]).ToArray()).detach();
    }

    /// <summary>
    /// The true forget examples, for the baselines that optimise on them by definition (gradient ascent, NPO …).
    /// PMC never calls this.
    /// </summary>
    public IReadOnlyList<EncodedExample> ForgetExamplesForBaseline(string method)
        => _forgetExamples ?? throw new LetheException($"method {method} needs the forget answers, but the forget set has questions only (PMC does not)");
}
