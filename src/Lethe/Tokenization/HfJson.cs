using System.Text.Json;

namespace Lethe.Tokenization;

/// <summary>
/// Typed, checked access to the JSON of a tokenizer folder. Every failure becomes a one-line
/// <see cref="LetheException"/> naming the file and the JSON path at fault.
/// </summary>
internal sealed class HfJson(string file)
{
    public string File { get; } = file;

    public const int MaxSequenceMembers = 64;

    public LetheException Error(string path, string message) => new($"{File}: {LetheException.Clip(path)}: {LetheException.Clip(message, 400)}");

    /// <summary>Reads and parses a JSON file, refusing files larger than <paramref name="maxBytes"/>.</summary>
    public static JsonDocument ParseFile(string path, long maxBytes)
    {
        FileInfo info;
        try { info = new FileInfo(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        { throw new LetheException($"{path}: invalid path ({e.Message})"); }
        if (!info.Exists) throw new LetheException($"{path}: file not found");
        if (info.Length > maxBytes)
            throw new LetheException($"{path}: file is {info.Length} bytes, more than the {maxBytes} a tokenizer file may have");
        byte[] bytes;
        try { bytes = System.IO.File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new LetheException($"{path}: cannot read ({e.Message})"); }
        // A UTF-8 byte-order mark (editors on Windows add one) is not JSON; skip it.
        var json = bytes.AsMemory();
        if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) json = json[3..];
        JsonText.Check(json.Span, path);
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new LetheException($"{path}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {LetheException.Clip(FirstLine(e.Message), 300)}");
        }
    }

    static string FirstLine(string s) => s.Split('\n')[0].Trim();

    /// <summary>The property, or null when it is missing or JSON null.</summary>
    public static JsonElement? Get(JsonElement obj, string name)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public JsonElement RequireObject(JsonElement obj, string name, string path)
    {
        var v = Get(obj, name) ?? throw Error(Join(path, name), "missing");
        if (v.ValueKind != JsonValueKind.Object) throw Error(Join(path, name), $"must be an object, not {Kind(v)}");
        return v;
    }

    public JsonElement? OptionalObject(JsonElement obj, string name, string path)
    {
        var v = Get(obj, name);
        if (v is null) return null;
        if (v.Value.ValueKind != JsonValueKind.Object) throw Error(Join(path, name), $"must be an object or null, not {Kind(v.Value)}");
        return v;
    }

    /// <summary>
    /// The "type" of a tokenizer.json component (normalizer, pre-tokenizer, decoder …), or null when the component
    /// is absent (JSON null or missing). <paramref name="obj"/> is the component object.
    /// </summary>
    public string? ComponentType(JsonElement? element, string path, out JsonElement obj)
    {
        obj = default;
        if (element is null) return null;
        obj = element.Value;
        if (obj.ValueKind != JsonValueKind.Object) throw Error(path, $"must be an object or null, not {Kind(obj)}");
        return RequireString(obj, "type", path);
    }

    /// <summary>The parsed members of a "Sequence" component's array <paramref name="field"/> (absent members skipped).</summary>
    public List<T> Sequence<T>(JsonElement obj, string field, string path, Func<HfJson, JsonElement?, string, T?> parse) where T : class
    {
        var list = new List<T>();
        int i = 0;
        var items = RequireArray(obj, field, path);
        // Real files chain a handful; thousands would only make every encode crawl (and compile thousands of regexes).
        if (items.GetArrayLength() > MaxSequenceMembers)
            throw Error(Join(path, field), $"{items.GetArrayLength()} members, more than the {MaxSequenceMembers} a tokenizer component sequence may have");
        foreach (var item in items.EnumerateArray())
            if (parse(this, item, $"{path}.{field}[{i++}]") is { } member) list.Add(member);
        return list;
    }

    public JsonElement RequireArray(JsonElement obj, string name, string path)
    {
        var v = Get(obj, name) ?? throw Error(Join(path, name), "missing");
        if (v.ValueKind != JsonValueKind.Array) throw Error(Join(path, name), $"must be an array, not {Kind(v)}");
        return v;
    }

    public string RequireString(JsonElement obj, string name, string path)
        => OptionalString(obj, name, path) ?? throw Error(Join(path, name), "missing");

    public string? OptionalString(JsonElement obj, string name, string path)
    {
        var v = Get(obj, name);
        if (v is null) return null;
        if (v.Value.ValueKind != JsonValueKind.String) throw Error(Join(path, name), $"must be a string, not {Kind(v.Value)}");
        return v.Value.GetString();
    }

    public bool OptionalBool(JsonElement obj, string name, string path, bool fallback)
        => OptionalBool(obj, name, path) ?? fallback;

    public bool? OptionalBool(JsonElement obj, string name, string path)
    {
        var v = Get(obj, name);
        if (v is null) return null;
        return v.Value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(Join(path, name), $"must be true or false, not {Kind(v.Value)}"),
        };
    }

    /// <summary>A whole number in [min, max].</summary>
    public int RequireInt(JsonElement value, string path, int min, int max)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long n))
            throw Error(path, $"must be a whole number, not {Describe(value)}");
        if (n < min || n > max) throw Error(path, $"{n} is outside [{min}, {max}]");
        return (int)n;
    }

    public int? OptionalInt(JsonElement obj, string name, string path, int min, int max)
    {
        var v = Get(obj, name);
        return v is null ? null : RequireInt(v.Value, Join(path, name), min, max);
    }

    /// <summary>The single character of a one-character string field (Rust's <c>char</c>).</summary>
    public string RequireChar(JsonElement obj, string name, string path)
    {
        string s = RequireString(obj, name, path);
        var e = s.EnumerateRunes();
        if (!e.MoveNext() || e.MoveNext()) throw Error(Join(path, name), $"must be exactly one character, not \"{s}\"");
        return s;
    }

    public static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    public static string Kind(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => v.ValueKind.ToString(),
    };

    static string Describe(JsonElement v) => v.ValueKind == JsonValueKind.Number ? v.GetRawText() : Kind(v);
}
