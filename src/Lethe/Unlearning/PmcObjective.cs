using System.Text.Json.Nodes;
using Lethe.Data;
using Lethe.Evaluation;
using Lethe.Generation;
using Lethe.Training;
using static TorchSharp.torch;

namespace Lethe.Unlearning;

/// <summary>
/// Partial Model Collapse (Scholten et al., arXiv 2507.04219, Algorithm 1). The model is fine-tuned on its own
/// answers to the forget questions — the sampled answer least like its original answer y0 — together with λ × the
/// loss on retain pairs. Repeated, answers to forget questions collapse onto the model's own alternatives and the
/// memorised answer fades, without the true answer ever entering the objective.
/// </summary>
public sealed class PmcObjective : IUnlearningObjective, IStatefulObjective
{
    /// <summary>y0: the model's greedy answer to each forget question before unlearning (the reward's reference).</summary>
    public IReadOnlyList<string> OriginalAnswers { get; private set; } = Array.Empty<string>();

    /// <summary>The current selection per forget question (state carried across steps and saved in checkpoints).</summary>
    public IReadOnlyList<ForgetSelection> Selections => _selections;

    readonly List<ForgetSelection> _selections = new();
    int[][] _y0Tokens = Array.Empty<int[]>();
    CollapseReward _reward = new(0);
    BatchedGenerator? _sampler;

    /// <summary>Samples of the last micro-batch, for the optional generations log.</summary>
    public List<(int Question, string Answer, double Score, bool Selected)> LastSamples { get; } = new();

    public void Prepare(UnlearningContext ctx)
    {
        var c = ctx.Config;
        _reward = new CollapseReward(c.MinLen, c.Reward == "rouge_fluency" ? c.FluencyWeight : 0);
        _sampler?.Dispose();
        // One generator for the whole run: its key/value buffers are allocated once and reused every step.
        _sampler = new BatchedGenerator(ctx.Model, reuseCache: true);

        // Before training: y0 = the model's own greedy answer to every forget question.
        var generator = new BatchedGenerator(ctx.Model);
        var greedy = new SamplingOptions { Greedy = true, MaxNewTokens = MaxNew(ctx, ctx.ForgetPrompts), EosIds = ctx.EosIds, PadId = ctx.PadId };
        var y0 = new List<string>();
        for (int start = 0; start < ctx.ForgetPrompts.Count; start += 64)
        {
            var chunk = ctx.ForgetPrompts.Skip(start).Take(64).ToArray();
            y0.AddRange(generator.Generate(chunk, greedy).Select(ids => ctx.Tokenizer.Decode(ids, skipSpecialTokens: true).Trim()));
        }
        OriginalAnswers = y0;
        _y0Tokens = y0.Select(_reward.PrepareReference).ToArray();   // tokenized once, scored against thousands of times
        _selections.Clear();
        _selections.AddRange(y0.Select(_ => new ForgetSelection()));
    }

    /// <summary>Drops every selection, so the next step samples every question again, as the first step of a run does.</summary>
    public void ClearSelections()
    {
        for (int i = 0; i < _selections.Count; i++) _selections[i] = new ForgetSelection();
    }

    public MicroBatchLoss Loss(UnlearningContext ctx, IReadOnlyList<int> forget, IReadOnlyList<int> retain, Rng rng)
    {
        var c = ctx.Config;
        bool faithful = ctx.ReferenceFaithful;
        LastSamples.Clear();

        // 1. Sample num_samples answers for every question whose selection can still improve (score > 0); the
        //    reference resamples every question.
        var toSample = forget.Where(i => faithful || _selections[i].NeedsSampling).Distinct().ToArray();
        var stepScores = new List<double>();
        if (toSample.Length > 0)
        {
            var prompts = toSample.SelectMany(i => Enumerable.Repeat(ctx.ForgetPrompts[i], c.NumSamples)).ToArray();
            var sampling = new SamplingOptions
            {
                Greedy = false, Temperature = c.Temperature, TopP = c.TopP, TopK = c.TopK,
                MaxNewTokens = MaxNew(ctx, prompts), EosIds = ctx.EosIds, PadId = ctx.PadId, ReferenceFaithful = faithful,
            };
            List<int[]> samples;
            using (StepProfiler.Measure("sampling"))
                samples = (faithful ? new BatchedGenerator(ctx.Model) : _sampler ?? throw new InvalidOperationException("Prepare was not called")).Generate(prompts, sampling, rng);
            string[] texts;
            using (StepProfiler.Measure("decoding text"))
                texts = samples.Select(s => ctx.Tokenizer.Decode(s, skipSpecialTokens: true).Trim()).ToArray();
            double[] fluency, keptFluency = new double[toSample.Length];
            using (StepProfiler.Measure("fluency NLL"))
            {
                fluency = _reward.UsesFluency ? FluencyNll(ctx, prompts, samples) : new double[samples.Count];
                var withKept = faithful && _reward.UsesFluency
                    ? Enumerable.Range(0, toSample.Length).Where(q => _selections[toSample[q]].HasSelection).ToArray()
                    : Array.Empty<int>();
                if (withKept.Length > 0)
                {
                    var nll = FluencyNll(ctx, withKept.Select(q => ctx.ForgetPrompts[toSample[q]]).ToArray(), withKept.Select(q => _selections[toSample[q]].AnswerIds!).ToArray());
                    for (int j = 0; j < withKept.Length; j++) keptFluency[withKept[j]] = nll[j];
                }
            }

            using var scoring = StepProfiler.Measure("scoring");
            for (int q = 0; q < toSample.Length; q++)
            {
                int question = toSample[q];
                // 2. Score each sample against y0: ROUGE-L recall (+ min_len penalty, + fluency term).
                var scored = Enumerable.Range(q * c.NumSamples, c.NumSamples)
                    .Select(j => faithful ? _reward.EvaluateText(OriginalAnswers[question], texts[j], fluency[j]) : _reward.Evaluate(_y0Tokens[question], texts[j], fluency[j]))
                    .ToArray();
                var scores = scored.Select(s => s.Score).ToArray();
                stepScores.AddRange(scores);
                // The reference recomputes the kept selection's score from its text every step.
                var kept = _selections[question];
                if (faithful && kept.HasSelection) kept.Rescore(_reward.EvaluateText(OriginalAnswers[question], kept.AnswerText!, keptFluency[q]));
                // 3. Prefer the sample furthest from y0; keep the old selection if it scored lower still.
                int pick = Choose(scores, c, rng);
                int sample = q * c.NumSamples + pick;
                bool taken = kept.Offer(samples[sample], texts[sample], scores[pick], scored[pick].Rouge);
                for (int j = 0; j < c.NumSamples; j++)
                    LastSamples.Add((question, texts[q * c.NumSamples + j], scores[j], taken && j == pick));
            }
        }

        // 4. Loss = NLL(selected answers | forget questions) + λ · NLL(retain pairs).
        var collapseExamples = forget.Select(i => Truncate(ctx, ctx.ForgetPrompts[i], _selections[i].AnswerIds!)).ToArray();
        Tensor collapse, retainLoss;
        using (StepProfiler.Measure("collapse forward"))
            collapse = ctx.MeanNll(ctx.Model, collapseExamples);
        using (StepProfiler.Measure("retain forward"))
            retainLoss = ctx.MeanNll(ctx.Model, retain.Select(i => ctx.Retain[i]).ToArray());
        var loss = collapse + c.Lambda * retainLoss;

        var terms = new Dictionary<string, Tensor>
        {
            ["loss"] = loss.detach(),
            ["collapse_loss"] = collapse.detach(),
            ["retain_loss"] = retainLoss.detach(),
            ["selected_score"] = tensor(forget.Average(i => _selections[i].Score)),
            ["selected_rouge"] = tensor(forget.Average(i => _selections[i].Rouge)),
            ["sampled_questions"] = tensor((double)toSample.Length),
        };
        if (stepScores.Count > 0)
        {
            terms["score_mean"] = tensor(stepScores.Average());
            terms["score_min"] = tensor(stepScores.Min());
        }
        using (StepProfiler.Measure("forget loss (logging)"))
            if (ctx.ForgetAnswerLoss(forget) is { } forgetLoss) terms["forget_loss"] = forgetLoss;
        return new MicroBatchLoss(loss, terms);
    }

    /// <summary>argmin (the reference), or a draw with P ∝ softmax((1 − score)/τ) (the Bradley–Terry form).</summary>
    static int Choose(double[] scores, UnlearnConfig c, Rng rng)
    {
        if (c.Selection == "argmin")
        {
            int best = 0;
            for (int j = 1; j < scores.Length; j++) if (scores[j] < scores[best]) best = j;
            return best;
        }
        var logits = scores.Select(s => (1 - s) / c.SelectionTemperature).ToArray();
        double max = logits.Max();
        var w = logits.Select(l => Math.Exp(l - max)).ToArray();
        double u = rng.NextDouble() * w.Sum(), acc = 0;
        for (int j = 0; j < w.Length; j++) { acc += w[j]; if (u < acc) return j; }
        return w.Length - 1;
    }

    /// <summary>Rows per forward of the fluency score: samples are sorted by length first, so little is padding.</summary>
    const int FluencyBatch = 16;

    /// <summary>
    /// Mean per-token NLL of each sample (its answer tokens) under the frozen reference model. The samples of a step
    /// range from a short refusal to max_new_tokens, so one batch of all of them would be mostly padding; they are
    /// scored in length-sorted batches instead (the reference-faithful mode keeps one max_length-padded batch).
    /// </summary>
    static double[] FluencyNll(UnlearningContext ctx, IReadOnlyList<int[]> prompts, IReadOnlyList<int[]> samples)
    {
        var examples = prompts.Select((p, i) => Truncate(ctx, p, samples[i])).ToArray();
        if (!ctx.ReferenceFaithful)
            return SequenceNll.MeanPerToken(ctx.Reference, examples, FluencyBatch, ctx.PadId).Select(v => v ?? 0).ToArray();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var (sum, count) = ctx.SequenceNll(ctx.Reference, examples);
        return (sum / count.clamp_min(1)).to(ScalarType.Float64).data<double>().ToArray();
    }

    static EncodedExample Truncate(UnlearningContext ctx, int[] prompt, int[] answer)
    {
        int room = Math.Max(1, ctx.Config.MaxLength - prompt.Length);
        return new EncodedExample(prompt.Concat(answer.Length > room ? answer[..room] : answer).ToArray(), prompt.Length);
    }

    static int MaxNew(UnlearningContext ctx, IReadOnlyList<int[]> prompts)
        => Math.Max(1, Math.Min(ctx.Config.MaxNewTokens, ctx.Config.MaxLength - prompts.Max(p => p.Length)));

    /// <summary>
    /// Checkpoint state: the selections (token ids and scores) and a digest of y0. y0 itself is not saved — it may
    /// quote a forget answer — but recomputed by <see cref="Prepare"/> (greedy, so the same) and checked against it.
    /// </summary>
    public JsonNode SaveState() => new JsonObject
    {
        ["y0_sha256"] = Y0Digest(),
        ["selections"] = new JsonArray(_selections.Select(s => s.ToJson()).ToArray()),
    };

    public void RestoreState(UnlearningContext ctx, JsonNode state, string source)
    {
        if (state["y0_sha256"] is not JsonValue d || !d.TryGetValue(out string? digest) || digest != Y0Digest())
            throw new LetheException($"{source}: the model's original answers (y0) differ from the interrupted run's; resume with the same model, data and settings");
        if (state["selections"] is not JsonArray saved || saved.Count != _selections.Count)
            throw new LetheException($"{source}: expected {_selections.Count} selections, one per forget question");
        for (int i = 0; i < saved.Count; i++)
            _selections[i] = ForgetSelection.FromJson(saved[i], ids => ctx.Tokenizer.Decode(ids, skipSpecialTokens: true).Trim(),
                ctx.Model.Config.VocabSize, $"{source}: selections[{i}]");
    }

    string Y0Digest()
    {
        using var h = new RunFingerprint.Hasher();
        foreach (var a in OriginalAnswers) h.Add(a);
        return h.Hex();
    }

}
