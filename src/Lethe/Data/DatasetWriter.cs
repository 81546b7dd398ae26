using System.Text.Encodings.Web;
using System.Text.Json;
using Lethe.IO;

namespace Lethe.Data;

/// <summary>
/// Writes question/answer sets in TOFU's JSON Lines layout, which <see cref="DatasetReader"/> reads back.
/// Output is deterministic: fixed field order, no whitespace, null fields omitted, '\n' after every line.
/// Most non-ASCII text is written as UTF-8, as in TOFU's own files; System.Text.Json's relaxed encoder still
/// escapes characters beyond the Basic Multilingual Plane (emoji) and a few invisible ones as \uXXXX. Files are written to a temporary
/// name in the same folder and renamed when complete, so a reader never sees half a file.
/// </summary>
public static class DatasetWriter
{
    static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    /// <summary>
    /// Writes one JSON object per item, fields in the order question, answer, paraphrased_question,
    /// paraphrased_answer, perturbed_answer, option1..optionN.
    /// </summary>
    public static void WriteJsonLines(string path, IEnumerable<QaItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        WriteAtomically(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, Options);
            long record = 0;
            foreach (var item in items)
            {
                record++;
                WriteItem(json, item, path, record);
                json.Flush();
                json.Reset();
                stream.WriteByte((byte)'\n');
            }
        });
    }

    /// <summary>
    /// Writes one line per string, the layout <see cref="DatasetReader.ReadLines"/> reads (e.g. refusals).
    /// A string that plain text would not carry intact (a line break, surrounding spaces or quotes, a leading
    /// '{') is written as a JSON string instead.
    /// </summary>
    public static void WriteLines(string path, IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        WriteAtomically(path, stream =>
        {
            long number = 0;
            foreach (var line in lines)
            {
                number++;
                var location = FormattableString.Invariant($"line {number}");
                if (string.IsNullOrWhiteSpace(line)) throw DataErrors.At(path, location, null, "an empty line cannot be written (the reader skips blank lines)");
                CheckText(line, path, location, null);
                var plain = line.Trim() == line && line.IndexOfAny(['\n', '\r']) < 0 && line[0] != '"' && line[0] != '{';
                if (plain) stream.Write(System.Text.Encoding.UTF8.GetBytes(line));
                else
                {
                    using var json = new Utf8JsonWriter(stream, Options);
                    json.WriteStringValue(line);
                }
                stream.WriteByte((byte)'\n');
            }
        });
    }

    static void WriteItem(Utf8JsonWriter json, QaItem item, string path, long record)
    {
        var location = DataErrors.Record(record);
        if (item is null) throw DataErrors.At(path, location, null, "the item is null");
        json.WriteStartObject();
        String(TofuFields.Question, item.Question ?? throw DataErrors.At(path, location, TofuFields.Question, "is null"));
        String(TofuFields.Answer, item.Answer);
        String(TofuFields.ParaphrasedQuestion, item.ParaphrasedQuestion);
        String(TofuFields.ParaphrasedAnswer, item.ParaphrasedAnswer);
        if (item.PerturbedAnswers is { } perturbed)
        {
            json.WriteStartArray(TofuFields.PerturbedAnswer);
            foreach (var p in perturbed)
            {
                CheckText(p ?? throw DataErrors.At(path, location, TofuFields.PerturbedAnswer, "contains null"), path, location, TofuFields.PerturbedAnswer);
                json.WriteStringValue(p);
            }
            json.WriteEndArray();
        }
        if (item.Options is { } options)
        {
            for (var i = 0; i < options.Count; i++)
                String(TofuFields.Option(i), options[i] ?? throw DataErrors.At(path, location, TofuFields.Option(i), "is null"));
        }
        json.WriteEndObject();

        void String(string name, string? value)
        {
            if (value is null) return;
            CheckText(value, path, location, name);
            json.WriteString(name, value);
        }
    }

    /// <summary>
    /// An unpaired UTF-16 surrogate (e.g. from decoding half a token) has no UTF-8 form: refuse it by name here
    /// rather than let the JSON writer throw or write something the reader rejects.
    /// </summary>
    static void CheckText(string s, string path, string location, string? field)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i]))
                throw DataErrors.At(path, location, field, $"contains an unpaired surrogate at character {i + 1}");
        }
    }

    /// <summary>Writes through a temporary file beside <paramref name="path"/>, then renames it over the target.</summary>
    internal static void WriteAtomically(string path, Action<Stream> write) => AtomicFile.Write(path, write);
}
