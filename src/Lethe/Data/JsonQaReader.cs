using System.Text.Json;
using System.Text.Unicode;

namespace Lethe.Data;

/// <summary>
/// Streams TOFU records out of a JSON array or JSON Lines with <see cref="Utf8JsonReader"/>, holding one buffer of
/// the file at a time (it grows only to fit the largest single token), so a multi-gigabyte file is read once and
/// never held whole. Hand-written rather than JsonSerializer because messages must name the record, its line and
/// the field being read when anything is wrong, and invalid UTF-8 must be an error rather than U+FFFD.
/// </summary>
internal sealed class JsonQaReader
{
    const int InitialBufferSize = 64 * 1024;

    enum Where { Top, InArray, InRecord, AfterName, InList, Skipping, Done }

    readonly string _path;
    readonly bool _jsonLines;
    readonly QaRecordBuilder _builder;
    readonly List<QaItem> _items = new();

    Where _where = Where.Top;
    string? _field;              // the property being read (or last read) in the current record
    List<string>? _list;         // perturbed_answer items so far
    int _skipDepth;              // nesting inside an ignored field's object/list
    bool _inRecord;

    // Line of the current record: newlines counted in bytes already shifted out of the buffer, plus those in
    // the buffer up to _lineScan.
    long _newlines;
    int _lineScan;

    JsonQaReader(string path, bool jsonLines, bool allowQuestionOnly)
    {
        _path = path;
        _jsonLines = jsonLines;
        _builder = new QaRecordBuilder(path, allowQuestionOnly);
    }

    /// <summary>Reads from <paramref name="stream"/>, which is positioned after any UTF-8 byte-order mark.</summary>
    public static List<QaItem> Read(Stream stream, string path, bool jsonLines, bool allowQuestionOnly)
    {
        var parser = new JsonQaReader(path, jsonLines, allowQuestionOnly);
        parser.Run(stream);
        return parser._items;
    }

    void Run(Stream stream)
    {
        var buffer = new byte[InitialBufferSize];
        var length = 0;
        var final = false;
        var state = new JsonReaderState(new JsonReaderOptions { AllowMultipleValues = _jsonLines, MaxDepth = 256 });
        while (true)
        {
            if (!final)
            {
                var n = stream.Read(buffer, length, buffer.Length - length);
                if (n == 0) final = true;
                else length += n;
            }

            var span = buffer.AsSpan(0, length);
            var reader = new Utf8JsonReader(span, final, state);
            Consume(ref reader, span);
            if (final) break;

            var consumed = (int)reader.BytesConsumed;
            state = reader.CurrentState;
            _newlines += span[_lineScan..consumed].Count((byte)'\n');
            _lineScan = 0;
            Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
            length -= consumed;
            if (length == buffer.Length)
            {
                // One token fills the whole buffer: grow it. Array.MaxLength caps a single token near 2 GB.
                if (buffer.Length >= Array.MaxLength / 2)
                    throw Fail(null, "a single JSON value is larger than 1 GiB");
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }

        if (_where != Where.Done && !_jsonLines)
            throw Fail(null, "the JSON array is not closed");
        if (_items.Count == 0)
            throw DataErrors.At(_path, null, null, "no records (an empty data set)");
    }

    void Consume(ref Utf8JsonReader reader, ReadOnlySpan<byte> span)
    {
        try
        {
            while (reader.Read()) Token(ref reader, span);
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            // The reader's hint about its options is advice to programmers, not to whoever wrote the file.
            message = message.Replace(" Change the reader options.", "", StringComparison.Ordinal);
            throw Fail(_inRecord ? _field : null,
                FormattableString.Invariant($"invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {message}"), e);
        }
    }

    void Token(ref Utf8JsonReader reader, ReadOnlySpan<byte> span)
    {
        var t = reader.TokenType;
        switch (_where)
        {
            case Where.Top when !_jsonLines:
                if (t != JsonTokenType.StartArray) throw Fail(null, $"expected a JSON array, found {Describe(t)}");
                _where = Where.InArray;
                break;
            case Where.Top:
            case Where.InArray:
                if (t == JsonTokenType.StartObject) BeginRecord(ref reader, span);
                else if (t == JsonTokenType.EndArray) _where = Where.Done;
                else throw Fail(null, $"expected a JSON object, found {Describe(t)}");
                break;
            case Where.InRecord:
                if (t == JsonTokenType.PropertyName)
                {
                    CheckUtf8(ref reader, null);
                    _field = reader.GetString()!;
                    _where = Where.AfterName;
                }
                else
                {
                    // Only EndObject can follow a property value inside an object; the reader enforces that.
                    _items.Add(_builder.Build());
                    _inRecord = false;
                    _field = null;
                    _where = _jsonLines ? Where.Top : Where.InArray;
                }
                break;
            case Where.AfterName:
                Value(ref reader, t);
                break;
            case Where.InList:
                if (t == JsonTokenType.String) _list!.Add(ReadString(ref reader));
                else if (t == JsonTokenType.EndArray)
                {
                    _builder.SetPerturbed(_list);
                    _list = null;
                    _where = Where.InRecord;
                }
                else throw Fail(_field, $"item {_list!.Count + 1} is {Describe(t)}; expected a list of strings");
                break;
            case Where.Skipping:
                if (t is JsonTokenType.StartObject or JsonTokenType.StartArray) _skipDepth++;
                else if (t is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    if (--_skipDepth == 0) _where = Where.InRecord;
                }
                else if (t is JsonTokenType.String or JsonTokenType.PropertyName) CheckUtf8(ref reader, _field);
                break;
            case Where.Done:
                break;
        }
    }

    void BeginRecord(ref Utf8JsonReader reader, ReadOnlySpan<byte> span)
    {
        var start = (int)reader.TokenStartIndex;
        _newlines += span[_lineScan..start].Count((byte)'\n');
        _lineScan = start;
        _builder.Begin(DataErrors.Record(_items.Count + 1, _newlines + 1));
        _inRecord = true;
        _field = null;
        _where = Where.InRecord;
    }

    void Value(ref Utf8JsonReader reader, JsonTokenType t)
    {
        var field = _field!;
        _where = Where.InRecord;
        if (QaRecordBuilder.IsStringField(field))
        {
            _builder.MarkSeen(field);
            if (t == JsonTokenType.String) _builder.SetString(field, ReadString(ref reader));
            else if (t == JsonTokenType.Null) _builder.SetString(field, null);
            else throw Fail(field, $"expected a string, found {Describe(t)}");
        }
        else if (field == TofuFields.PerturbedAnswer)
        {
            _builder.MarkSeen(field);
            if (t == JsonTokenType.StartArray)
            {
                _list = new List<string>();
                _where = Where.InList;
            }
            else if (t == JsonTokenType.Null) _builder.SetPerturbed(null);
            else throw Fail(field, $"expected a list of strings, found {Describe(t)}");
        }
        else if (t is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            _skipDepth = 1;
            _where = Where.Skipping;
        }
        else if (t == JsonTokenType.String) CheckUtf8(ref reader, field);
    }

    string ReadString(ref Utf8JsonReader reader)
    {
        CheckUtf8(ref reader, _field);
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            // Valid UTF-8 bytes can still escape an unpaired surrogate (\ud800), which is not text.
            throw Fail(_field, "invalid \\u escape: " + e.Message, e);
        }
    }

    // Utf8JsonReader passes any bytes inside strings; only GetString would notice, and not for ignored fields.
    void CheckUtf8(ref Utf8JsonReader reader, string? field)
    {
        if (!Utf8.IsValid(reader.ValueSpan))
            throw Fail(field, reader.TokenType == JsonTokenType.PropertyName
                ? "a field name is not valid UTF-8" : "text is not valid UTF-8 (invalid bytes)");
    }

    LetheException Fail(string? field, string problem, Exception? inner = null)
    {
        // Between records the error belongs to the one that would come next.
        var record = _inRecord ? _builder.Record : DataErrors.Record(_items.Count + 1);
        return DataErrors.At(_path, record, field, problem, inner);
    }

    static string Describe(JsonTokenType t) => t switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        _ => t.ToString(),
    };
}
