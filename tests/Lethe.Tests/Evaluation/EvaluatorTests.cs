using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lethe.Cli;
using Lethe.Evaluation;
using Xunit;

namespace Lethe.Tests.Evaluation;

/// <summary>Evaluator end to end on the tiny fixture model: results.json content, formulas, privacy, determinism, CLI.</summary>
public class EvaluatorTests : IClassFixture<EvalFixture>
{
    static readonly string[] SetNames =
        [EvalSets.ForgetName, EvalSets.ForgetParaphrasedName, EvalSets.RetainShortName, EvalSets.WorldFactsName, EvalSets.RealAuthorsName];

    readonly EvalFixture _f;

    public EvaluatorTests(EvalFixture fixture) => _f = fixture;

    static EvalOptions Quick(bool includeGroundTruth = true, ulong seed = 5) => new()
    {
        MaxNewTokens = 12,
        RetainShortCount = 24,
        Attacks = [EvalOptions.PrefillAttack, EvalOptions.SamplingAttack],
        LeakSamples = 3,
        Seed = seed,
        IncludeGroundTruth = includeGroundTruth,
    };

    EvalResult Evaluate(EvalOptions o, bool questionOnly = false)
        => Evaluator.Evaluate(_f.Model, _f.Tokenizer, _f.Format(), _f.Data(questionOnly), o);

    static JsonNode Saved(EvalResult r, TempDir dir)
    {
        string path = dir.File(EvalResult.FileName);
        r.Save(path);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
        return JsonNode.Parse(File.ReadAllText(path))!;
    }

    static double D(JsonNode? n) => n!.GetValue<double>();

    [Fact]
    public void ResultsJsonHasEverySetAndScoresFollowFromTheItems()
    {
        using var dir = TestPaths.Temp();
        var json = Saved(Evaluate(Quick()), dir);
        var sets = json["sets"]!;
        var means = new Dictionary<string, double>();
        foreach (var name in SetNames)
        {
            var set = sets[name] ?? throw new Xunit.Sdk.XunitException($"set {name} missing");
            var items = set["items"]!.AsArray();
            Assert.Equal(items.Count, set["count"]!.GetValue<int>());
            Assert.True(items.Count > 0, name);
            foreach (var item in items)
            {
                // Every score is rouge_score's ROUGE-L recall of the generation against the answer, exactly.
                double expected = Rouge.Score(item!["answer"]!.GetValue<string>(), item["generation"]!.GetValue<string>()).RougeL.Recall;
                Assert.Equal(expected, D(item["score"]));
            }
            means[name] = D(set["rouge_l_recall"]);
            Assert.Equal(items.Average(i => D(i!["score"])), means[name], 12);
        }
        // The fixture model has picked up some of the benchmark's words, so the formulas below are not checked on zeros.
        Assert.True(means.Values.Count(v => v > 0) >= 2, "expected non-zero ROUGE on most sets: " + string.Join(", ", means));
        Assert.Equal(24, sets[EvalSets.RetainShortName]!["count"]!.GetValue<int>());
        Assert.Equal(_f.Synth.WorldFacts.Count, sets[EvalSets.WorldFactsName]!["count"]!.GetValue<int>());

        Assert.Equal(100 * (1 - (means["forget"] + means["forget_paraphrased"]) / 2), D(json["unlearn_quality"]), 10);
        Assert.Equal(100 * (means["retain_short"] + means["world_facts"] + means["real_authors"]) / 3, D(json["utility"]), 10);
        Assert.True(D(json["nll_forget"]) > 0 && D(json["nll_retain"]) > 0);
        // Trained on retain but never on forget: forget answers are less likely.
        Assert.True(D(json["nll_forget"]) > D(json["nll_retain"]), $"nll_forget {json["nll_forget"]} ≤ nll_retain {json["nll_retain"]}");
        Assert.All(sets["forget"]!["items"]!.AsArray(), i => Assert.True(D(i!["nll"]) > 0));

        var prefill = json["attacks"]!["prefill"]!;
        Assert.Equal("The answer is: ", prefill["prefix"]!.GetValue<string>());
        Assert.Equal(sets["forget"]!["count"]!.GetValue<int>(), prefill["items"]!.AsArray().Count);
        Assert.Equal(prefill["items"]!.AsArray().Average(i => D(i!["score"])), D(prefill["rouge_l_recall"]), 12);

        var sampling = json["attacks"]!["sampling"]!;
        Assert.Equal(3, sampling["samples"]!.GetValue<int>());
        var sampled = sampling["items"]!.AsArray();
        Assert.All(sampled, i => Assert.True(D(i!["max_score"]) >= D(i["mean_score"]) - 1e-12));   // (x+x+x)/3 may exceed x by an ulp
        Assert.Equal(sampled.Average(i => D(i!["max_score"])), D(sampling["leakage_at_n"]), 12);
        Assert.Equal(sampled.Average(i => D(i!["mean_score"])), D(sampling["mean_recall"]), 12);

        var profile = json["collapse_profile"]!;
        string[] classes = ["refusal", "other_fact", "fluent", "salad"];
        Assert.Equal(1.0, classes.Sum(c => D(profile[c]!["fraction"])), 12);
        Assert.Equal(profile["count"]!.GetValue<int>(), classes.Sum(c => profile[c]!["count"]!.GetValue<int>()));
        Assert.Equal("evaluated", profile["fluency_model"]!.GetValue<string>());
        Assert.All(classes, c => Assert.True(profile[c]!["examples"]!.AsArray().Count <= 3));
        // Each forget item carries its class; the counts are those classes.
        var itemClasses = sets["forget"]!["items"]!.AsArray().Select(i => i!["collapse"]!.GetValue<string>()).ToList();
        Assert.All(classes, c => Assert.Equal(profile[c]!["count"]!.GetValue<int>(), itemClasses.Count(x => x == c)));

        foreach (var part in new[] { "forget", "forget_paraphrased", "retain_short", "world_facts", "real_authors", "nll", "prefill", "sampling", "collapse", "total" })
            Assert.True(json["timing"]![part] is not null, $"timing.{part} missing");
        Assert.Equal(12, json["options"]!["max_new_tokens"]!.GetValue<int>());
        Assert.Equal(10, json["split"]!.GetValue<int>());
    }

    [Fact]
    public void RetainShortIsDrawnWithReplacementFromTheRetainSet()
    {
        var r = Evaluate(Quick() with { Attacks = [], RetainShortCount = 150 });
        var retain = _f.Data().Retain.Select(i => i.Question).ToHashSet();
        var asked = r.Sets.RetainShort!.Items.Select(i => i.Question).ToList();
        Assert.All(asked, q => Assert.Contains(q, retain));
        Assert.True(asked.Distinct().Count() < asked.Count, "150 draws from the retain set should repeat some question");
    }

    [Fact]
    public void WithoutGroundTruthNoForgetAnswerIsWritten()
    {
        var data = _f.Data();
        var secrets = data.Forget.SelectMany(i => new[] { i.Answer, i.ParaphrasedAnswer }).OfType<string>().ToList();
        using var withTruth = TestPaths.Temp();
        using var without = TestPaths.Temp();
        var full = Saved(Evaluate(Quick()), withTruth);
        var hidden = Saved(Evaluate(Quick(includeGroundTruth: false)), without);

        string fullText = File.ReadAllText(withTruth.File(EvalResult.FileName));
        Assert.Contains(secrets, s => fullText.Contains(s, StringComparison.Ordinal));   // they are there by default
        string hiddenText = File.ReadAllText(without.File(EvalResult.FileName));
        var leaked = secrets.Where(s => hiddenText.Contains(s, StringComparison.Ordinal)).ToList();
        Assert.True(leaked.Count == 0, $"{leaked.Count} forget answers in results.json, e.g. \"{leaked.FirstOrDefault()}\"");
        foreach (var items in new[] { hidden["sets"]!["forget"]!["items"], hidden["sets"]!["forget_paraphrased"]!["items"],
                     hidden["attacks"]!["prefill"]!["items"], hidden["attacks"]!["sampling"]!["items"] })
            Assert.All(items!.AsArray(), i => Assert.Null(i!["answer"]));
        // Scores are still computed, and retain answers are still written.
        Assert.Equal(D(full["unlearn_quality"]), D(hidden["unlearn_quality"]));
        Assert.NotNull(hidden["sets"]!["retain_short"]!["items"]![0]!["answer"]);
    }

    [Fact]
    public void QuestionOnlyForgetSetIsEvaluatedAsFarAsItCanBe()
    {
        using var dir = TestPaths.Temp();
        foreach (var f in Directory.GetFiles(_f.DataDir))
            if (!Path.GetFileName(f).StartsWith("forget10", StringComparison.Ordinal)) File.Copy(f, dir.File(Path.GetFileName(f)));
        var questions = _f.Synth.Forget(10).Items.Select(i => i.Question).ToList();
        File.WriteAllLines(dir.File("forget10.json"), questions.Select(q => JsonSerializer.Serialize(new { question = q })));

        var data = Lethe.Data.TofuDataset.FromFolder(dir.Path, 10, forgetQuestionOnly: true);
        var r = Evaluator.Evaluate(_f.Model, _f.Tokenizer, _f.Format(), data, Quick());
        var forget = r.Sets.Forget!;
        Assert.Equal(questions.Count, forget.Count);
        Assert.Equal(0, forget.Scored);
        Assert.Null(forget.RougeLRecall);
        Assert.All(forget.Items, i => { Assert.Null(i.Score); Assert.Null(i.Answer); Assert.NotNull(i.Collapse); });
        Assert.Null(r.Sets.ForgetParaphrased);
        Assert.Null(r.UnlearnQuality);
        Assert.Null(r.NllForget);
        Assert.NotNull(r.Utility);
        Assert.Null(r.Attacks.Sampling!.LeakageAtN);
        Assert.Equal(questions.Count, r.Attacks.Sampling.Items.Count);
        Assert.Null(r.Attacks.Prefill!.RougeLRecall);
        Assert.Equal(questions.Count, r.CollapseProfile!.Count);
        Assert.Contains(r.Notes, n => n.Contains("unlearn_quality is null"));
        Assert.Contains(r.Notes, n => n.Contains("forget_paraphrased skipped"));
        using var outDir = TestPaths.Temp();
        Assert.Null(Saved(r, outDir)["unlearn_quality"]);
    }

    [Fact]
    public void SameSeedSameResultsExceptTiming()
    {
        static string WithoutTiming(EvalResult r) => (r with { Timing = new Dictionary<string, double>() }).ToJson();
        string a = WithoutTiming(Evaluate(Quick(seed: 11)));
        string b = WithoutTiming(Evaluate(Quick(seed: 11)));
        Assert.Equal(a, b);
        string c = WithoutTiming(Evaluate(Quick(seed: 12)));
        Assert.NotEqual(a, c);   // the seed drives the sampling attack
    }

    [Fact]
    public void FluencyReferenceIsUsedWhenGiven()
    {
        using var reference = Lethe.IO.Checkpoint.Load(_f.ModelDir);
        using (TorchSharp.torch.no_grad())
            foreach (var p in reference.parameters()) p.mul_(0.0);   // uniform logits: NLL = ln |vocab| for every token
        var r = Evaluator.Evaluate(_f.Model, _f.Tokenizer, _f.Format(), _f.Data(), Quick() with { Attacks = [] }, reference);
        var profile = r.CollapseProfile!;
        Assert.Equal("reference", profile.FluencyModel);
        Assert.Equal(Math.Log(_f.Tokenizer.VocabSize), profile.MeanFluencyNll!.Value, 4);
        Assert.Equal(0, profile.Fluent.Count);   // ln 600 ≈ 6.4 nats is above the 3.0 threshold
    }

    [Fact]
    public void SummaryTableShowsTheKeyNumbers()
    {
        var r = Evaluate(Quick());
        var w = new StringWriter();
        SummaryTable.Write(r, w);
        string text = w.ToString();
        foreach (var s in new[] { "unlearn quality", "utility", "forget_paraphrased", "leakage@3", "collapse: salad", "mean fluency NLL" })
            Assert.Contains(s, text);
        Assert.Contains(r.UnlearnQuality!.Value.ToString("F1", System.Globalization.CultureInfo.InvariantCulture), text);
    }

    static (int Code, string Output, string Error) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code;
        try
        {
            code = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration
            {
                Output = output, Error = error, EnableDefaultExceptionHandler = false,
            });
        }
        catch (LetheException e)
        {
            code = e.ExitCode;
            error.WriteLine(e.Message);
        }
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void EvalCommandWritesResultsAndPrintsTheTable()
    {
        using var outDir = TestPaths.Temp();
        var (code, output, error) = Cli("eval", "--model", _f.ModelDir, "--data", _f.DataDir, "--split", "10", "--out", outDir.Path,
            "--max-new-tokens", "8", "--attacks", "prefill,sampling", "--leak-samples", "2", "--temperature", "0.7", "--top-p", "0.9",
            "--seed", "3", "--no-ground-truth-in-logs", "--reference-model", _f.ModelDir);
        Assert.True(code == 0, error);
        Assert.Contains("unlearn quality", output);
        Assert.Contains("forget:", error);   // progress lines go to stderr
        var json = JsonNode.Parse(File.ReadAllText(outDir.File(EvalResult.FileName)))!;
        Assert.All(SetNames, n => Assert.NotNull(json["sets"]![n]));
        Assert.Equal(400, json["sets"]!["retain_short"]!["count"]!.GetValue<int>());
        Assert.Equal(0.7, D(json["attacks"]!["sampling"]!["temperature"]));
        Assert.Equal("reference", json["collapse_profile"]!["fluency_model"]!.GetValue<string>());
        Assert.False(json["options"]!["include_ground_truth"]!.GetValue<bool>());
        Assert.Null(json["sets"]!["forget"]!["items"]![0]!["answer"]);
        Assert.Equal(Path.GetFullPath(_f.ModelDir), json["model_path"]!.GetValue<string>());
    }

    [Fact]
    public void EvalCommandRejectsAnUnknownAttackByName()
    {
        using var outDir = TestPaths.Temp();
        var (code, _, error) = Cli("eval", "--model", _f.ModelDir, "--data", _f.DataDir, "--out", outDir.Path, "--attacks", "prefill,jailbreak");
        Assert.Equal(2, code);
        Assert.Contains("jailbreak", error);
        Assert.False(File.Exists(outDir.File(EvalResult.FileName)));
    }
}
