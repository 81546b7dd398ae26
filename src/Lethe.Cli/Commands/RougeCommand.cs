using System.CommandLine;
using System.Text;
using System.Text.Json;
using Lethe.Evaluation;

namespace Lethe.Cli.Commands;

/// <summary>
/// `lethe rouge`: ROUGE-1 and ROUGE-L exactly as rouge_score computes them, for one pair or a JSON Lines file —
/// mainly so the scorer can be checked against Python from the outside.
/// </summary>
public static class RougeCommand
{
    public static Command Create()
    {
        var jsonl = new Option<FileInfo>("--jsonl")
        {
            Description = "JSON Lines file of {\"reference\": ..., \"prediction\": ...}; prints one score line per record",
        };
        var reference = new Option<string>("--reference") { Description = "Reference (target) text of a single pair" };
        var prediction = new Option<string>("--prediction") { Description = "Predicted text of a single pair" };

        var cmd = new Command("rouge", "Score ROUGE-1 and ROUGE-L as Google's rouge_score does (with stemming)");
        cmd.Options.Add(jsonl);
        cmd.Options.Add(reference);
        cmd.Options.Add(prediction);
        cmd.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var file = parseResult.GetValue(jsonl);
            var refText = parseResult.GetValue(reference);
            var predText = parseResult.GetValue(prediction);

            if (file is not null)
            {
                if (refText is not null || predText is not null)
                    throw new LetheException("rouge: give either --jsonl or --reference/--prediction, not both");
                ScoreFile(file.FullName, output);
                return 0;
            }
            if (refText is null || predText is null)
                throw new LetheException("rouge: give --jsonl FILE, or both --reference and --prediction");
            output.WriteLine(FormatLine(Rouge.Score(refText, predText)));
            return 0;
        });
        return cmd;
    }

    static void ScoreFile(string path, TextWriter output)
    {
        if (!File.Exists(path)) throw new LetheException($"rouge: --jsonl file not found: {path}");
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var (refText, predText) = ParseRecord(line, path, lineNumber);
            output.WriteLine(FormatLine(Rouge.Score(refText, predText)));
        }
    }

    static (string Reference, string Prediction) ParseRecord(string line, string path, int lineNumber)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new LetheException($"{path} line {lineNumber}: invalid JSON ({FirstLine(e.Message)})", inner: e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new LetheException($"{path} line {lineNumber}: expected a JSON object, got {doc.RootElement.ValueKind}");
            return (Field(doc.RootElement, "reference"), Field(doc.RootElement, "prediction"));
        }

        string Field(JsonElement record, string name)
        {
            if (!record.TryGetProperty(name, out var value))
                throw new LetheException($"{path} line {lineNumber}: missing field \"{name}\"");
            if (value.ValueKind != JsonValueKind.String)
                throw new LetheException($"{path} line {lineNumber}: field \"{name}\" must be a string, got {value.ValueKind}");
            try
            {
                return value.GetString()!;
            }
            catch (InvalidOperationException e)
            {
                // System.Text.Json refuses escapes such as "\ud800" that decode to a lone surrogate (Python accepts them).
                throw new LetheException($"{path} line {lineNumber}: field \"{name}\" is not valid Unicode text ({FirstLine(e.Message)})", inner: e);
            }
        }
    }

    /// <summary>One compact JSON line; System.Text.Json writes doubles in shortest round-trip form.</summary>
    static string FormatLine(RougeResult result)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            WriteScore(w, "rouge1", result.Rouge1);
            WriteScore(w, "rougeL", result.RougeL);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    static void WriteScore(Utf8JsonWriter w, string name, RougeScore score)
    {
        w.WriteStartObject(name);
        w.WriteNumber("precision", score.Precision);
        w.WriteNumber("recall", score.Recall);
        w.WriteNumber("fmeasure", score.FMeasure);
        w.WriteEndObject();
    }

    static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
