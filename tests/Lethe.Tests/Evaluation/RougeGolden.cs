using System.Text.Json;

namespace Lethe.Tests.Evaluation;

/// <summary>The rouge_score golden pairs of ../shared/golden/rouge/public.jsonl, read once per use.</summary>
public sealed record RougeGoldenCase(int Line, string Reference, string Prediction,
    double[] Rouge1, double[] RougeL)
{
    public static readonly string[] Fields = ["precision", "recall", "fmeasure"];

    public static string JsonlPath => TestPaths.SharedPath("golden", "rouge", "public.jsonl");

    public static List<RougeGoldenCase> Load()
    {
        var cases = new List<RougeGoldenCase>();
        int line = 0;
        foreach (var text in File.ReadLines(JsonlPath))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            using var doc = JsonDocument.Parse(text);
            var r = doc.RootElement;
            cases.Add(new RougeGoldenCase(line, r.GetProperty("reference").GetString()!, r.GetProperty("prediction").GetString()!,
                Triple(r.GetProperty("rouge1")), Triple(r.GetProperty("rougeL"))));
        }
        return cases;
    }

    public static double[] Triple(JsonElement score) => Fields.Select(f => score.GetProperty(f).GetDouble()).ToArray();

    /// <summary>Describes every field of <paramref name="actual"/> that is not == <paramref name="expected"/>.</summary>
    public static IEnumerable<string> Mismatches(string where, string variant, double[] expected, double[] actual)
    {
        for (int i = 0; i < Fields.Length; i++)
            if (expected[i] != actual[i])
                yield return $"{where} {variant}.{Fields[i]}: expected {expected[i]:R}, got {actual[i]:R}";
    }
}
