using System.Diagnostics;
using Lethe.Data;
using Lethe.Generation;
using Lethe.Models;
using Lethe.Tokenization;

namespace Lethe.Evaluation;

/// <summary>
/// Evaluates an (un)learned model on a TOFU-style benchmark: greedy answers to the forget, paraphrased-forget,
/// retain_short, world_facts and real_authors questions scored by ROUGE-L recall (rouge_score-exact), unlearn
/// quality and utility from those means, answer NLLs, the optional leakage attacks, and the collapse profile of the
/// forget answers.
/// </summary>
public static class Evaluator
{
    /// <param name="model">The model under evaluation.</param>
    /// <param name="tokenizer">Its tokenizer (decoding, end tokens, the prefill text).</param>
    /// <param name="format">How questions become prompts (and question + answer, training sequences).</param>
    /// <param name="data">The benchmark. A forget set of questions alone is evaluated as far as it can be: its
    /// answers are generated and classified but not scored, and unlearn_quality is then null.</param>
    /// <param name="options">Settings.</param>
    /// <param name="fluencyReference">The model whose NLL judges fluency in the collapse profile (normally the base
    /// model before fine-tuning); null uses <paramref name="model"/> itself. It must share the tokenizer.</param>
    /// <param name="log">Receives one progress line per part (never an answer text).</param>
    public static EvalResult Evaluate(CausalLM model, ITokenizer tokenizer, IPromptFormat format, TofuDataset data,
        EvalOptions options, CausalLM? fluencyReference = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new Run(model, tokenizer, format, data, options, fluencyReference, log).Execute();
    }

    /// <summary>Questions asked of the model, and what came back.</summary>
    sealed class Answered
    {
        public required string[] Questions;
        public required string?[] Answers;
        public required int[][] Prompts;
        public required int[][] Outputs;
        public required string[] Texts;
        public required double?[] Scores;
        /// <summary>Answer NLLs, once measured (forget and retain_short).</summary>
        public double?[]? Nlls;

        public double? Mean => MeanOf(Scores);
        public int Scored => Scores.Count(s => s is not null);
    }

    sealed class Run
    {
        readonly CausalLM _model;
        readonly ITokenizer _tok;
        readonly IPromptFormat _format;
        readonly TofuDataset _data;
        readonly EvalOptions _o;
        readonly CausalLM? _reference;
        readonly Action<string>? _log;
        readonly RougeVocabulary _vocab = new();
        readonly List<string> _notes = [];
        readonly Dictionary<string, double> _timing = new();
        readonly int[] _eos;
        readonly int _padId;

        public Run(CausalLM model, ITokenizer tok, IPromptFormat format, TofuDataset data, EvalOptions o, CausalLM? reference, Action<string>? log)
        {
            (_model, _tok, _format, _data, _o, _reference, _log) = (model, tok, format, data, o, reference, log);
            // A chat template's end-of-turn token ends an answer as EOS does.
            _eos = SpecialTokens.EosIds(model.Config, tok).Union(format.StopIds).ToArray();
            int pad = SpecialTokens.PadId(model.Config, tok);
            // Left-padded slots are masked out, so the id only has to be a valid embedding row.
            _padId = pad >= 0 && pad < model.Config.VocabSize ? pad : 0;
            if (_eos.Length == 0) _notes.Add("neither the model config nor the tokenizer names an end-of-sequence token: every answer runs to max_new_tokens");
        }

        Redactor _redactor = new(Array.Empty<string>(), false);

        public EvalResult Execute()
        {
            var total = Stopwatch.StartNew();
            bool hide = !_o.IncludeGroundTruth;
            // Hiding the answer fields is not enough: before unlearning, the model's own answers quote them.
            _redactor = new Redactor(_data.Forget.SelectMany(i => new[] { i.Answer, i.ParaphrasedAnswer }), hide);

            var forgetItems = _data.Forget;
            var forget = Timed(EvalSets.ForgetName, () => AnswerGreedy(forgetItems.Select(i => (i.Question, i.Answer)).ToList()));
            Report(EvalSets.ForgetName, forget);
            if (forget.Scored == 0) _notes.Add("the forget set has no answers: forget answers are generated but not scored");

            Answered? paraphrased = null;
            var withParaphrase = forgetItems.Where(i => i.ParaphrasedQuestion is not null).ToList();
            if (withParaphrase.Count == 0)
                _notes.Add("forget_paraphrased skipped: the forget set has no paraphrased questions (use forgetNN_perturbed)");
            else
            {
                if (withParaphrase.Count < forgetItems.Count)
                    _notes.Add($"forget_paraphrased: only {withParaphrase.Count} of {forgetItems.Count} forget items have a paraphrased question");
                paraphrased = Timed(EvalSets.ForgetParaphrasedName,
                    () => AnswerGreedy(withParaphrase.Select(i => (i.ParaphrasedQuestion!, i.ParaphrasedAnswer)).ToList()));
                Report(EvalSets.ForgetParaphrasedName, paraphrased);
            }

            Answered? retainShort = null;
            if (_data.Files.Retain is null) _notes.Add("retain_short skipped: no retain set");
            else
            {
                var retain = _data.Retain;
                var rng = new Rng(_o.RetainShortSeed);
                var drawn = Enumerable.Range(0, _o.RetainShortCount).Select(_ => retain[rng.NextInt(retain.Count)]).ToList();
                retainShort = Timed(EvalSets.RetainShortName, () => AnswerGreedy(drawn.Select(i => (i.Question, i.Answer)).ToList()));
                Report(EvalSets.RetainShortName, retainShort);
            }

            Answered? worldFacts = OptionalSet(EvalSets.WorldFactsName, _data.Files.WorldFacts, () => _data.WorldFacts);
            Answered? realAuthors = OptionalSet(EvalSets.RealAuthorsName, _data.Files.RealAuthors, () => _data.RealAuthors);

            var (nllForget, nllRetain) = Timed("nll", () => (AnswerNll(forget), retainShort is null ? null : AnswerNll(retainShort)));

            var attacks = new AttackResults
            {
                Prefill = _o.Runs(EvalOptions.PrefillAttack) ? Timed("prefill", () => Prefill(forget, hide)) : null,
                Sampling = _o.Runs(EvalOptions.SamplingAttack) ? Timed("sampling", () => Sampling(forget, hide)) : null,
            };

            var (profile, classes, fluency) = Timed("collapse", () => Collapse(forget));

            var sets = new EvalSets
            {
                Forget = ToSet(forget, hide, classes, fluency),
                ForgetParaphrased = paraphrased is null ? null : ToSet(paraphrased, hide),
                RetainShort = retainShort is null ? null : ToSet(retainShort, false),
                WorldFacts = worldFacts is null ? null : ToSet(worldFacts, false),
                RealAuthors = realAuthors is null ? null : ToSet(realAuthors, false),
            };

            double? unlearnQuality = null;
            if (forget.Mean is double rf)
            {
                if (paraphrased?.Mean is double rp) unlearnQuality = 100 * (1 - (rf + rp) / 2);
                else
                {
                    unlearnQuality = 100 * (1 - rf);
                    _notes.Add("unlearn_quality = 100·(1 − R_forget): no scored forget_paraphrased set");
                }
            }
            else _notes.Add("unlearn_quality is null: the forget answers are unknown");

            var utilitySets = new[] { (EvalSets.RetainShortName, retainShort), (EvalSets.WorldFactsName, worldFacts), (EvalSets.RealAuthorsName, realAuthors) }
                .Where(s => s.Item2?.Mean is not null).ToList();
            double? utility = utilitySets.Count == 0 ? null : 100 * utilitySets.Average(s => s.Item2!.Mean!.Value);
            if (utilitySets.Count is > 0 and < 3)
                _notes.Add($"utility is the mean over {string.Join(", ", utilitySets.Select(s => s.Item1))} only");
            else if (utilitySets.Count == 0) _notes.Add("utility is null: no retain_short, world_facts or real_authors scores");

            _timing["total"] = total.Elapsed.TotalSeconds;
            return new EvalResult
            {
                DataPath = _data.Folder,
                Split = _data.Split,
                Sets = sets,
                UnlearnQuality = unlearnQuality,
                Utility = utility,
                NllForget = nllForget,
                NllRetain = nllRetain,
                Attacks = attacks,
                CollapseProfile = profile,
                Timing = _timing,
                Notes = _notes,
                Options = _o,
            };
        }

        Answered? OptionalSet(string name, string? file, Func<IReadOnlyList<QaItem>> items)
        {
            if (file is null)
            {
                _notes.Add($"{name} skipped: no {name} file");
                return null;
            }
            var list = items();
            var answered = Timed(name, () => AnswerGreedy(list.Select(i => (i.Question, i.Answer)).ToList()));
            Report(name, answered);
            return answered;
        }

        // ---- generation ----

        Answered AnswerGreedy(IReadOnlyList<(string Question, string? Answer)> qa)
        {
            var prompts = qa.Select(x => _format.EncodePrompt(x.Question)).ToArray();
            var outputs = Generate(prompts, Greedy(), [], null);
            var texts = outputs.Select(Decode).ToArray();
            var scores = qa.Select((x, i) => x.Answer is null ? (double?)null : Recall(x.Answer, texts[i])).ToArray();
            return new Answered
            {
                Questions = qa.Select(x => x.Question).ToArray(),
                Answers = qa.Select(x => x.Answer).ToArray(),
                Prompts = prompts,
                Outputs = outputs,
                Texts = texts,
                Scores = scores,
            };
        }

        SamplingOptions Greedy() => new() { MaxNewTokens = _o.MaxNewTokens, Greedy = true, EosIds = _eos, PadId = _padId };

        /// <summary>Generates for every prompt, in batches of prompts of similar length; outputs in the prompts' order.</summary>
        int[][] Generate(IReadOnlyList<int[]> prompts, SamplingOptions so, IReadOnlyList<int> prefix, Rng? rng)
        {
            var outputs = new int[prompts.Count][];
            if (prompts.Count == 0) return outputs;
            int longest = prompts.Max(p => p.Length) + prefix.Count;
            if (longest + so.MaxNewTokens > _model.Config.MaxPositions)
                throw new LetheException($"max_new_tokens {so.MaxNewTokens} after the longest prompt ({longest} tokens) exceeds the model's " +
                                         $"{_model.Config.MaxPositions} positions (max_position_embeddings); lower --max-new-tokens");
            so = so with { ForcedPrefix = prefix };
            var generator = new BatchedGenerator(_model);
            // Stable sort by length: rows of a batch need little left padding, and the order (so sampling) is reproducible.
            var order = Enumerable.Range(0, prompts.Count).OrderBy(i => prompts[i].Length).ToArray();
            for (int start = 0; start < order.Length; start += _o.BatchSize)
            {
                var idx = order.AsSpan(start, Math.Min(_o.BatchSize, order.Length - start)).ToArray();
                var outs = generator.Generate(idx.Select(i => (IReadOnlyList<int>)prompts[i]).ToList(), so, rng);
                for (int k = 0; k < idx.Length; k++) outputs[idx[k]] = outs[k];
            }
            return outputs;
        }

        int[] StripEos(int[] ids)
        {
            int n = ids.Length;
            while (n > 0 && _eos.Contains(ids[n - 1])) n--;
            return n == ids.Length ? ids : ids[..n];
        }

        string Decode(int[] ids) => _tok.Decode(StripEos(ids), skipSpecialTokens: true).Trim();

        /// <summary>ROUGE-L recall, exactly <c>Rouge.Score(reference, prediction).RougeL.Recall</c>, on interned ids.</summary>
        double Recall(string reference, string prediction) => Rouge.LcsRecall(_vocab.Encode(reference), _vocab.Encode(prediction));

        // ---- NLL ----

        double? AnswerNll(Answered set)
        {
            if (_tok.EosId is null)
            {
                _notes.Add("answer NLLs skipped: the tokenizer has no end-of-sequence token to end an answer with");
                return null;
            }
            var scored = Enumerable.Range(0, set.Questions.Length).Where(i => set.Answers[i] is not null).ToArray();
            if (scored.Length == 0) return null;
            int truncatedBefore = _format.TruncatedAnswers;
            var examples = scored.Select(i => _format.Encode(set.Questions[i], set.Answers[i]!)).ToList();
            int truncated = _format.TruncatedAnswers - truncatedBefore;
            if (truncated > 0) _notes.Add($"{truncated} answers were cut to the prompt format's max_length for their NLL");
            var nll = SequenceNll.MeanPerToken(_model, examples, _o.BatchSize, _padId);
            set.Nlls = new double?[set.Questions.Length];
            for (int k = 0; k < scored.Length; k++) set.Nlls[scored[k]] = Finite(nll[k]);
            return MeanOf(set.Nlls);
        }

        // ---- attacks ----

        PrefillAttackResult Prefill(Answered forget, bool hide)
        {
            var prefix = _tok.Encode(_o.PrefillText, addSpecialTokens: false).ToArray();
            var outputs = Generate(forget.Prompts, Greedy(), prefix, null);
            var items = new List<EvalItem>(outputs.Length);
            for (int i = 0; i < outputs.Length; i++)
            {
                string text = Decode(outputs[i]);
                items.Add(new EvalItem
                {
                    Question = forget.Questions[i],
                    Answer = hide ? null : forget.Answers[i],
                    Generation = _redactor.Redact(text),
                    Score = forget.Answers[i] is { } a ? Recall(a, text) : null,
                });
            }
            double? r = MeanOf(items.Select(x => x.Score));
            _log?.Invoke($"prefill attack: {items.Count} questions, R_forget = {Show(r)}");
            return new PrefillAttackResult { Prefix = _o.PrefillText, RougeLRecall = r, Count = items.Count, Items = items };
        }

        SamplingAttackResult Sampling(Answered forget, bool hide)
        {
            int n = _o.LeakSamples, q = forget.Prompts.Length;
            var prompts = new int[q * n][];
            for (int i = 0; i < q; i++)
                for (int s = 0; s < n; s++) prompts[i * n + s] = forget.Prompts[i];
            var so = new SamplingOptions
            {
                MaxNewTokens = _o.MaxNewTokens, Greedy = false, Temperature = _o.LeakTemperature, TopP = _o.LeakTopP,
                EosIds = _eos, PadId = _padId,
            };
            var outputs = Generate(prompts, so, [], new Rng(_o.Seed));
            var items = new List<SamplingAttackItem>(q);
            for (int i = 0; i < q; i++)
            {
                var texts = Enumerable.Range(0, n).Select(s => Decode(outputs[i * n + s])).ToArray();
                string? answer = forget.Answers[i];
                double? max = null, mean = null;
                string best = texts[0];
                if (answer is not null)
                {
                    var scores = texts.Select(t => Recall(answer, t)).ToArray();
                    int arg = Array.IndexOf(scores, scores.Max());
                    (max, mean, best) = (scores[arg], scores.Average(), texts[arg]);
                }
                items.Add(new SamplingAttackItem
                {
                    Question = forget.Questions[i], Answer = hide ? null : answer, MaxScore = max, MeanScore = mean, BestSample = _redactor.Redact(best),
                });
            }
            var result = new SamplingAttackResult
            {
                Samples = n, Temperature = _o.LeakTemperature, TopP = _o.LeakTopP, Seed = _o.Seed,
                LeakageAtN = MeanOf(items.Select(x => x.MaxScore)), MeanRecall = MeanOf(items.Select(x => x.MeanScore)),
                Count = q, Items = items,
            };
            _log?.Invoke($"sampling attack: {q} questions × {n} samples, leakage@{n} = {Show(result.LeakageAtN)}");
            return result;
        }

        // ---- collapse profile ----

        (CollapseProfile, CollapseClass[], double?[]) Collapse(Answered forget)
        {
            var reference = _reference ?? _model;
            var examples = forget.Prompts.Select((p, i) => new EncodedExample([.. p, .. StripEos(forget.Outputs[i])], p.Length)).ToList();
            int positions = reference.Config.MaxPositions;
            if (examples.Count > 0 && examples.Max(e => e.Ids.Length) is int longest && longest > positions)
                throw new LetheException($"the fluency reference model has {positions} positions, fewer than the longest forget prompt + answer ({longest} tokens)");
            var fluency = SequenceNll.MeanPerToken(reference, examples, _o.BatchSize, _padId).Select(Finite).ToArray();

            IReadOnlyList<string> refusals = [];
            if (_data.Files.Refusals is null) _notes.Add("collapse profile: no refusal phrasings (idontknow), so no answer can count as a refusal");
            else refusals = _data.Refusals;
            IEnumerable<QaItem> known;
            if (_data.Files.Full is not null) known = _data.Full;
            else
            {
                known = _data.Files.Retain is null ? _data.Forget : _data.Forget.Concat(_data.Retain);
                _notes.Add($"collapse profile: no full set; other facts are looked for in the forget{(_data.Files.Retain is null ? "" : " and retain")} set");
            }
            var classifier = new CollapseClassifier(refusals, known, _o.Collapse);

            int count = forget.Texts.Length;
            var classes = new CollapseClass[count];
            var matches = new string?[count];
            for (int i = 0; i < count; i++)
                (classes[i], matches[i]) = classifier.Classify(forget.Questions[i], forget.Answers[i], forget.Texts[i], fluency[i]);

            CollapseClassSummary Summary(CollapseClass c)
            {
                var members = Enumerable.Range(0, count).Where(i => classes[i] == c).ToList();
                return new CollapseClassSummary
                {
                    Count = members.Count,
                    Fraction = count == 0 ? 0 : (double)members.Count / count,
                    Examples = members.Take(_o.Collapse.ExamplesPerClass).Select(i => new CollapseExample
                    {
                        Question = forget.Questions[i], Generation = _redactor.Redact(forget.Texts[i]), FluencyNll = fluency[i], Match = matches[i],
                    }).ToList(),
                };
            }
            var profile = new CollapseProfile
            {
                Count = count,
                FluencyModel = _reference is null ? "evaluated" : "reference",
                MeanFluencyNll = MeanOf(fluency),
                Original = Summary(CollapseClass.Original),
                Refusal = Summary(CollapseClass.Refusal),
                OtherFact = Summary(CollapseClass.OtherFact),
                Fluent = Summary(CollapseClass.Fluent),
                Salad = Summary(CollapseClass.Salad),
                Thresholds = _o.Collapse,
            };
            _log?.Invoke($"collapse profile: original {profile.Original.Fraction:P0}, refusal {profile.Refusal.Fraction:P0}, other fact {profile.OtherFact.Fraction:P0}, " +
                         $"fluent {profile.Fluent.Fraction:P0}, salad {profile.Salad.Fraction:P0}");
            return (profile, classes, fluency);
        }

        // ---- assembly ----

        EvalSetResult ToSet(Answered a, bool hideAnswers, CollapseClass[]? classes = null, double?[]? fluency = null)
        {
            var items = new EvalItem[a.Questions.Length];
            for (int i = 0; i < items.Length; i++)
                items[i] = new EvalItem
                {
                    Question = a.Questions[i],
                    Answer = hideAnswers ? null : a.Answers[i],
                    Generation = _redactor.Redact(a.Texts[i]),
                    Score = a.Scores[i],
                    Nll = a.Nlls?[i],
                    Collapse = classes?[i],
                    FluencyNll = fluency?[i],
                };
            return new EvalSetResult { RougeLRecall = a.Mean, Count = items.Length, Scored = a.Scored, Items = items };
        }

        T Timed<T>(string part, Func<T> work)
        {
            var sw = Stopwatch.StartNew();
            var result = work();
            _timing[part] = sw.Elapsed.TotalSeconds;
            return result;
        }

        void Report(string name, Answered a)
            => _log?.Invoke($"{name}: {a.Questions.Length} questions, ROUGE-L recall = {Show(a.Mean)} ({_timing[name]:F1} s)");
    }

    static string Show(double? v) => v is double d ? d.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) : "n/a";

    static double? Finite(double? v) => v is double d && double.IsFinite(d) ? d : null;

    static double? MeanOf(IEnumerable<double?> values)
    {
        double sum = 0;
        int n = 0;
        foreach (var v in values)
            if (v is double d) { sum += d; n++; }
        return n == 0 ? null : sum / n;
    }
}
