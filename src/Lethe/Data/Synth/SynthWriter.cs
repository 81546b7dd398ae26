using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Lethe.Data.Synth;

/// <summary>
/// Serialises items as JSON Lines with TOFU's field names: one object per line, "\n" line ends, null fields left out.
/// Output depends only on the items, so the same benchmark gives the same bytes.
/// </summary>
internal static class SynthWriter
{
    static readonly JsonWriterOptions LineOptions = new()
    {
        // Keeps apostrophes and quotes readable ("don't", \"Title\") as Python's json.dumps writes them; the text is
        // never embedded in HTML, which is what the stricter default encoder guards against.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <param name="evalFields">Write paraphrased_question, paraphrased_answer and perturbed_answer too
    /// (the *_perturbed files); the plain files hold only question, answer and options.</param>
    public static byte[] JsonLines(IEnumerable<QaItem> items, bool evalFields)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        foreach (var item in items)
        {
            using (var w = new Utf8JsonWriter(buffer, LineOptions))
            {
                w.WriteStartObject();
                w.WriteString("question", item.Question);
                if (item.Answer is not null) w.WriteString("answer", item.Answer);
                if (evalFields)
                {
                    if (item.ParaphrasedQuestion is not null) w.WriteString("paraphrased_question", item.ParaphrasedQuestion);
                    if (item.ParaphrasedAnswer is not null) w.WriteString("paraphrased_answer", item.ParaphrasedAnswer);
                    if (item.PerturbedAnswers is not null)
                    {
                        w.WriteStartArray("perturbed_answer");
                        foreach (var p in item.PerturbedAnswers) w.WriteStringValue(p);
                        w.WriteEndArray();
                    }
                }
                if (item.Options is not null)
                    for (int i = 0; i < item.Options.Count; i++)
                        w.WriteString("option" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), item.Options[i]);
                w.WriteEndObject();
            }
            buffer.Write("\n"u8);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Indented JSON with "\n" line ends on every platform (for manifest.json).</summary>
    public static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions
               {
                   Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                   Indented = true,
                   NewLine = "\n",
               }))
            write(w);
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
