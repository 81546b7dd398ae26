using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Lethe.Templates;

/// <summary>
/// Turns caller data into template values with the Python types transformers would pass: JSON objects become
/// dicts in member order, arrays lists, a number without fraction or exponent an int, any other number a float,
/// null None. CLR values map the same way (any integer type → int, float/double/decimal → float).
/// </summary>
public static class TemplateValues
{
    /// <summary>A JSON value as a template value.</summary>
    public static object? FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var d = new PyDict();
                // Python's json keeps the first position and the last value of a repeated key; so does Set.
                foreach (var p in element.EnumerateObject()) d.Set(p.Name, FromJson(p.Value));
                return d;
            }
            case JsonValueKind.Array:
                return new PyList(element.EnumerateArray().Select(FromJson).ToArray());
            case JsonValueKind.String:
                try { return element.GetString(); }
                catch (InvalidOperationException) { return UnescapeLenient(element.GetRawText()); }
            case JsonValueKind.Number:
            {
                string raw = element.GetRawText();
                if (raw.AsSpan().IndexOfAny(".eE") >= 0)
                    return double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return l;
                throw new LetheException($"integer {raw} is outside the 64-bit range this template renderer supports");
            }
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }

    /// <summary>
    /// A JSON string literal decoded the way Python's json module does, which (unlike System.Text.Json) accepts
    /// an unpaired surrogate escape such as "\ud800" and keeps it as a lone UTF-16 unit.
    /// </summary>
    static string UnescapeLenient(string raw)
    {
        var sb = new System.Text.StringBuilder(raw.Length);
        for (int i = 1; i < raw.Length - 1; i++)
        {
            char c = raw[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            char e = raw[++i];
            switch (e)
            {
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    sb.Append((char)int.Parse(raw.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default: sb.Append(e); break; // \" \\ \/
            }
        }
        return sb.ToString();
    }

    /// <summary>The members of a JSON object as template variables, in order.</summary>
    public static IReadOnlyDictionary<string, object?> VariablesFromJson(JsonElement obj)
    {
        if (obj.ValueKind != JsonValueKind.Object)
            throw new LetheException($"template variables must be a JSON object, not {obj.ValueKind.ToString().ToLowerInvariant()}");
        var vars = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject()) vars[p.Name] = FromJson(p.Value);
        return vars;
    }

    /// <summary>A CLR value (null, bool, numbers, string, JsonElement, dictionaries, sequences, or a value
    /// already converted) as a template value.</summary>
    public static object? FromClr(object? value) => value switch
    {
        null => null,
        bool or long or double or string => value,
        int or short or sbyte or byte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong u => u <= long.MaxValue ? (long)u : throw new LetheException($"integer {u} is outside the 64-bit range this template renderer supports"),
        float f => (double)f,
        decimal m => (double)m,
        char c => c.ToString(),
        JsonElement e => FromJson(e),
        PyList or PyDict or Namespace or Undefined or Markup => value,
        IDictionary<string, object?> d => ToDict(d.Select(kv => new KeyValuePair<object?, object?>(kv.Key, kv.Value))),
        IReadOnlyDictionary<string, object?> d => ToDict(d.Select(kv => new KeyValuePair<object?, object?>(kv.Key, kv.Value))),
        IDictionary d => ToDict(Entries(d)),
        IEnumerable seq => new PyList(seq.Cast<object?>().Select(FromClr).ToArray()),
        _ => throw new LetheException($"a template variable of type {value.GetType().Name} is not supported; use JSON-like values"),
    };

    static IEnumerable<KeyValuePair<object?, object?>> Entries(IDictionary d)
    {
        // The non-generic enumerator: a generic dictionary's own one yields KeyValuePairs, not DictionaryEntries.
        var e = d.GetEnumerator();
        while (e.MoveNext()) yield return new KeyValuePair<object?, object?>(e.Key, e.Value);
    }

    static PyDict ToDict(IEnumerable<KeyValuePair<object?, object?>> items)
    {
        var d = new PyDict();
        foreach (var (k, v) in items) d.Set(FromClr(k), FromClr(v));
        return d;
    }
}
