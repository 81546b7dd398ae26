using System.Text.Json;
using System.Text.Unicode;

namespace Lethe.Data;

/// <summary>
/// Loads TOFU-style question/answer files. The layout (JSON array, JSON Lines or Parquet) is detected from the
/// content, so TOFU's JSON Lines files named <c>.json</c> load as they are. Every failure is a
/// <see cref="LetheException"/> whose one-line message names the file, the record (1-based) and the field.
/// </summary>
public static class DatasetReader
{
    static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Reads every record of a TOFU-format file: fields <c>question</c>, <c>answer</c>,
    /// <c>paraphrased_question</c>, <c>paraphrased_answer</c>, <c>perturbed_answer</c> (list of strings),
    /// <c>option1</c>..<c>option4</c>; any other field is ignored. A null field counts as absent.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="allowQuestionOnly">Accept records without an <c>answer</c> (a forget set of questions alone).</param>
    public static IReadOnlyList<QaItem> Read(string path, bool allowQuestionOnly = false)
    {
        using var fs = Open(path);
        try
        {
            var (format, skip) = Detect(fs, path);
            if (format == DataFormat.Parquet) return ParquetQaReader.Read(fs, path, allowQuestionOnly);
            fs.Seek(skip, SeekOrigin.Begin);
            return JsonQaReader.Read(fs, path, format == DataFormat.JsonLines, allowQuestionOnly);
        }
        catch (IOException e)
        {
            throw DataErrors.At(path, null, null, "cannot read: " + e.Message, e);
        }
    }

    /// <summary>Which layout <see cref="Read"/> would use for <paramref name="path"/>, from its first bytes.</summary>
    public static DataFormat DetectFormat(string path)
    {
        using var fs = Open(path);
        return Detect(fs, path).Format;
    }

    /// <summary>
    /// Reads a file of refusal phrasings (TOFU's <c>idontknow.jsonl</c>): one per line, as plain text or as a JSON
    /// string (a line that starts and ends with <c>"</c> is decoded as JSON). Lines are trimmed; blank lines skipped.
    /// </summary>
    public static IReadOnlyList<string> ReadLines(string path)
    {
        using var fs = Open(path);
        var lines = new List<string>();
        try
        {
            long number = 0;
            foreach (var bytes in SplitLines(fs, path))
            {
                number++;
                var line = bytes.Span;
                if (number == 1 && line.StartsWith(Utf8Bom)) line = line[Utf8Bom.Length..];
                var location = FormattableString.Invariant($"line {number}");
                if (!Utf8.IsValid(line)) throw DataErrors.At(path, location, null, "not valid UTF-8 (invalid bytes)");
                var text = System.Text.Encoding.UTF8.GetString(line).Trim();
                if (text.Length == 0) continue;
                if (text.Length >= 2 && text[0] == '"' && text[^1] == '"') text = DecodeJsonString(text, path, location);
                else if (text[0] == '{' && text[^1] == '}')
                    throw DataErrors.At(path, location, null, "a JSON object; expected one refusal per line as plain text or a JSON string");
                if (text.Length > 0) lines.Add(text);
            }
        }
        catch (IOException e)
        {
            throw DataErrors.At(path, null, null, "cannot read: " + e.Message, e);
        }
        if (lines.Count == 0) throw DataErrors.At(path, null, null, "no lines (an empty set of refusals)");
        return lines;
    }

    static string DecodeJsonString(string text, string path, string location)
    {
        try
        {
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text));
            if (reader.Read() && reader.TokenType == JsonTokenType.String)
            {
                var value = reader.GetString()!;
                if (!reader.Read()) return value;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw DataErrors.At(path, location, null, "a quoted line is not a valid JSON string: " + e.Message, e);
        }
        throw DataErrors.At(path, location, null, "a quoted line is not a single JSON string");
    }

    /// <summary>Splits on '\n' (dropping a preceding '\r'), holding only the current line in memory.</summary>
    static IEnumerable<ReadOnlyMemory<byte>> SplitLines(Stream stream, string path)
    {
        var buffer = new byte[64 * 1024];
        int start = 0, length = 0;
        while (true)
        {
            var newline = buffer.AsSpan(start, length - start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var end = start + newline;
                yield return buffer.AsMemory(start, end > start && buffer[end - 1] == '\r' ? end - start - 1 : end - start);
                start = end + 1;
                continue;
            }
            // No full line left: keep the partial one, make room, read more.
            Buffer.BlockCopy(buffer, start, buffer, 0, length - start);
            length -= start;
            start = 0;
            if (length == buffer.Length)
            {
                if (buffer.Length >= Array.MaxLength / 2) throw DataErrors.At(path, null, null, "a line is longer than 1 GiB");
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var n = stream.Read(buffer, length, buffer.Length - length);
            if (n == 0)
            {
                if (length > 0) yield return buffer.AsMemory(0, length > 0 && buffer[length - 1] == '\r' ? length - 1 : length);
                yield break;
            }
            length += n;
        }
    }

    static FileStream Open(string path)
    {
        try
        {
            if (Directory.Exists(path)) throw DataErrors.At(path, null, null, "is a folder, expected a data file");
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var problem = e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : "cannot open: " + e.Message;
            throw DataErrors.At(path, null, null, problem, e);
        }
    }

    /// <summary>Layout from the first bytes; for JSON, also where the text starts (after a byte-order mark).</summary>
    static (DataFormat Format, long Start) Detect(FileStream fs, string path)
    {
        Span<byte> head = stackalloc byte[4];
        fs.Seek(0, SeekOrigin.Begin);
        var got = fs.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        head = head[..got];
        if (head.SequenceEqual("PAR1"u8)) return (DataFormat.Parquet, 0);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            throw DataErrors.At(path, null, null, "not UTF-8: the file starts with a UTF-16 byte-order mark");
        long start = head.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;

        // Skip leading whitespace, however much, to the first meaningful byte.
        fs.Seek(start, SeekOrigin.Begin);
        int b;
        while ((b = fs.ReadByte()) is ' ' or '\t' or '\r' or '\n') { }
        return b switch
        {
            '[' => (DataFormat.JsonArray, start),
            '{' => (DataFormat.JsonLines, start),
            -1 => throw DataErrors.At(path, null, null, "no records (the file is empty)"),
            0 => throw DataErrors.At(path, null, null, "not UTF-8 text (a zero byte; UTF-16?) and not Parquet"),
            _ => throw DataErrors.At(path, null, null,
                $"not a JSON array, JSON Lines or Parquet file (it starts with byte 0x{b:X2}, expected '[', '{{' or PAR1)"),
        };
    }
}
