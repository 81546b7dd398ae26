using Lethe.Evaluation;
using Xunit;

namespace Lethe.Tests.Evaluation;

/// <summary>Bit-exact agreement with rouge_score 0.1.2 and NLTK's PorterStemmer on the shared golden files.</summary>
public class RougeGoldenTests
{
    static double[] Triple(RougeScore s) => [s.Precision, s.Recall, s.FMeasure];

    static void AssertNoMismatch(List<string> mismatches, int total)
    {
        if (mismatches.Count > 0)
            Assert.Fail($"{mismatches.Count} of {total} values differ; first: {mismatches[0]}");
    }

    [SharedFact]
    public void EveryGoldenPairMatchesExactly()
    {
        var cases = RougeGoldenCase.Load();
        Assert.True(cases.Count >= 153, $"public.jsonl has only {cases.Count} records; the README promises 153");
        var mismatches = new List<string>();
        foreach (var c in cases)
        {
            var result = Rouge.Score(c.Reference, c.Prediction);
            string where = $"public.jsonl line {c.Line} (reference \"{Clip(c.Reference)}\", prediction \"{Clip(c.Prediction)}\")";
            mismatches.AddRange(RougeGoldenCase.Mismatches(where, "rouge1", c.Rouge1, Triple(result.Rouge1)));
            mismatches.AddRange(RougeGoldenCase.Mismatches(where, "rougeL", c.RougeL, Triple(result.RougeL)));
        }
        AssertNoMismatch(mismatches, cases.Count * 6);
    }

    [SharedFact]
    public void FastPathWithOneSharedVocabularyMatchesGolden()
    {
        // One vocabulary for the whole file, as in the unlearning loop: ids of earlier pairs must not disturb later ones.
        var vocabulary = new RougeVocabulary();
        var cases = RougeGoldenCase.Load();
        var ids = new List<int>();
        var mismatches = new List<string>();
        foreach (var c in cases)
        {
            int[] reference = vocabulary.Encode(c.Reference);
            ids.Clear();
            vocabulary.EncodeInto(c.Prediction, ids);
            var prediction = ids.ToArray();
            string where = $"public.jsonl line {c.Line}";
            mismatches.AddRange(RougeGoldenCase.Mismatches(where, "rouge1", c.Rouge1, Triple(Rouge.Rouge1(reference, prediction))));
            mismatches.AddRange(RougeGoldenCase.Mismatches(where, "rougeL", c.RougeL, Triple(Rouge.RougeL(reference, prediction))));
            double recall = Rouge.LcsRecall(reference, prediction);
            if (recall != c.RougeL[1])
                mismatches.Add($"{where} LcsRecall: expected {c.RougeL[1]:R}, got {recall:R}");
        }
        AssertNoMismatch(mismatches, cases.Count * 7);
    }

    [SharedFact]
    public void EveryStemsLineMatchesExactly()
    {
        var lines = File.ReadAllLines(TestPaths.SharedPath("golden", "rouge", "stems.tsv"));
        Assert.True(lines.Length >= 400, $"stems.tsv has only {lines.Length} lines");
        var mismatches = new List<string>();
        int checkedLines = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var parts = lines[i].Split('\t');
            Assert.True(parts.Length == 2, $"stems.tsv line {i + 1} is not word<TAB>stem: \"{lines[i]}\"");
            checkedLines++;
            string stem = RougeTokenizer.StemToken(parts[0]);
            if (stem != parts[1])
                mismatches.Add($"stems.tsv line {i + 1}: \"{parts[0]}\" expected \"{parts[1]}\", got \"{stem}\"");
            // The tokenizer must give the same single token for the bare word.
            var tokens = RougeTokenizer.Tokenize(parts[0]);
            if (tokens.Length != 1 || tokens[0] != parts[1])
                mismatches.Add($"stems.tsv line {i + 1}: Tokenize(\"{parts[0]}\") gave [{string.Join(", ", tokens)}]");
        }
        if (mismatches.Count > 0)
            Assert.Fail($"{mismatches.Count} of {checkedLines} stems differ; first: {mismatches[0]}");
    }

    static string Clip(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
