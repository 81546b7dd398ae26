using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lethe.Tests.Reliability.Fuzz;

/// <summary>
/// Deterministic mutations of valid input files: byte-level (bit flips, bytes set to interesting values,
/// truncation, deleted / duplicated / inserted spans) and, for JSON, structure-aware (a value replaced by a huge
/// or odd number, a value of the wrong type, deep nesting, a long string, a deleted, duplicated or renamed key, an
/// array grown a thousandfold). Every mutant is described in words so a failure can be reproduced by reading it.
/// </summary>
public static class Mutator
{
    static readonly byte[] Interesting = [0x00, 0xFF, 0x7F, 0x80, (byte)'"', (byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)',', (byte)':',
        (byte)'\\', (byte)'\n', (byte)'0', (byte)'9', (byte)'-', (byte)'e', 0xC0, 0xED, 0xF4];

    /// <summary>Raw JSON texts put in place of a value: huge, negative, fractional and non-numbers, wrong types.</summary>
    static readonly string[] OddValues =
    [
        "1e309", "-1e309", "1e308", "99999999999999999999999999999", "-99999999999999999999", "18446744073709551616",
        "9223372036854775808", "9223372036854775807", "-9223372036854775809", "2147483648", "2147483647", "-2147483649",
        "4294967296", "-1", "0", "-0", "1.5", "0.000001", "1e-320", "NaN", "Infinity", "true", "false", "null", "\"\"",
        "\"x\"", "\"0\"", "\"1e9\"", "\"\\uD800\"", "\"\\u0000\"", "\"a\\u0000b\"", "[]", "{}", "[1,2,3]", "[\"a\",\"b\"]",
        "{\"a\":1}", "[null]", "[[]]", "{\"\":null}",
    ];

    public static (byte[] Bytes, string How) Bytes(Random r, byte[] input)
    {
        var b = (byte[])input.Clone();
        int ops = 1 + r.Next(3);
        var how = new List<string>();
        for (int k = 0; k < ops; k++)
        {
            if (b.Length == 0) { b = [(byte)r.Next(256)]; how.Add("one random byte"); continue; }
            int at = r.Next(b.Length);
            switch (r.Next(8))
            {
                case 0:
                    int bit = r.Next(8);
                    b[at] ^= (byte)(1 << bit);
                    how.Add($"flip bit {bit} of byte {at}");
                    break;
                case 1:
                    byte v = r.Next(2) == 0 ? Interesting[r.Next(Interesting.Length)] : (byte)r.Next(256);
                    b[at] = v;
                    how.Add($"byte {at} = 0x{v:X2}");
                    break;
                case 2:
                    b = b[..at];
                    how.Add($"truncate to {at} bytes");
                    break;
                case 3:
                    int len = Math.Min(b.Length - at, 1 + r.Next(64));
                    b = [.. b[..at], .. b[(at + len)..]];
                    how.Add($"delete {len} bytes at {at}");
                    break;
                case 4:
                    int dl = Math.Min(b.Length - at, 1 + r.Next(256));
                    b = [.. b[..(at + dl)], .. b[at..(at + dl)], .. b[(at + dl)..]];
                    how.Add($"duplicate {dl} bytes at {at}");
                    break;
                case 5:
                    var ins = new byte[1 + r.Next(16)];
                    r.NextBytes(ins);
                    b = [.. b[..at], .. ins, .. b[at..]];
                    how.Add($"insert {ins.Length} random bytes at {at}");
                    break;
                case 6:
                    // Four bytes as a little-endian integer: lengths and offsets in binary formats.
                    if (b.Length - at >= 4)
                    {
                        uint val = (uint)(r.Next(3) switch { 0 => uint.MaxValue, 1 => (uint)r.Next(), _ => 0x7FFFFFFFu });
                        BitConverter.TryWriteBytes(b.AsSpan(at, 4), val);
                        how.Add($"uint32 at {at} = {val}");
                    }
                    break;
                default:
                    int n = 1 + r.Next(8);
                    for (int i = 0; i < n; i++) b[r.Next(b.Length)] = Interesting[r.Next(Interesting.Length)];
                    how.Add($"{n} bytes set to delimiters");
                    break;
            }
        }
        return (b, string.Join("; ", how));
    }

    /// <summary>Structure-aware JSON mutation (falls back to bytes when the input is not a JSON document).</summary>
    public static (byte[] Bytes, string How) Json(Random r, byte[] input)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(input, documentOptions: new JsonDocumentOptions { MaxDepth = 256 }); }
        catch (JsonException) { return Bytes(r, input); }
        if (root is null) return Bytes(r, input);
        var nodes = new List<(JsonNode Node, string Path)>();
        Collect(root, "$", nodes);
        var (target, path) = nodes[r.Next(nodes.Count)];
        const string Mark = "\u0001LETHE-FUZZ\u0001";
        string? raw = null, how;
        switch (r.Next(9))
        {
            case 0 or 1 or 2:
                raw = OddValues[r.Next(OddValues.Length)];
                how = $"{path} = {raw}";
                break;
            case 3:
                int depth = r.Next(2) == 0 ? 64 + r.Next(512) : 10_000 + r.Next(100_000);
                raw = r.Next(2) == 0 ? new string('[', depth) + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                how = $"{path} = nesting {depth} deep";
                break;
            case 4:
                int len = r.Next(2) == 0 ? 1000 + r.Next(5000) : 100_000 + r.Next(1_000_000);
                raw = "\"" + new string((char)('a' + r.Next(26)), len) + "\"";
                how = $"{path} = a string of {len} characters";
                break;
            case 5 when target.Parent is JsonObject po:
                string key = target.GetPropertyName();
                po.Remove(key);
                how = $"delete {path}";
                break;
            case 6 when target.Parent is JsonObject:
                // JsonObject cannot hold a key twice, so the duplicate is written into the text.
                string dupKey = target.GetPropertyName();
                string dupValue = target.ToJsonString();
                var text = root.ToJsonString();
                int keyAt = text.IndexOf(JsonSerializer.Serialize(dupKey) + ":", StringComparison.Ordinal);
                if (keyAt < 0) return Bytes(r, input);
                string dup = JsonSerializer.Serialize(dupKey) + ":" + (r.Next(2) == 0 ? dupValue : OddValues[r.Next(OddValues.Length)]) + ",";
                return (Encoding.UTF8.GetBytes(text.Insert(keyAt, dup)), $"duplicate key {path}");
            case 7 when target.Parent is JsonObject ro:
                string oldKey = target.GetPropertyName();
                string newKey = r.Next(3) switch { 0 => oldKey.ToUpperInvariant(), 1 => oldKey + "_", _ => "" };
                if (ro.ContainsKey(newKey)) return Bytes(r, input);
                ro.Remove(oldKey);
                ro[newKey] = target;
                how = $"rename {path} to \"{newKey}\"";
                break;
            case 8 when target is JsonArray arr && arr.Count > 0:
                var item = arr[r.Next(arr.Count)]?.DeepClone();
                int copies = r.Next(2) == 0 ? 1000 : 20_000;
                for (int i = 0; i < copies; i++) arr.Add(item?.DeepClone());
                how = $"{path} grown by {copies} copies of an element";
                break;
            default:
                raw = OddValues[r.Next(OddValues.Length)];
                how = $"{path} = {raw}";
                break;
        }
        if (raw is null) return (Encoding.UTF8.GetBytes(root.ToJsonString()), how);
        if (target == root) return (Encoding.UTF8.GetBytes(raw), how);
        Replace(target, JsonValue.Create(Mark));
        string serialized = root.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return (Encoding.UTF8.GetBytes(serialized.Replace(JsonSerializer.Serialize(Mark, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), raw)), how);
    }

    /// <summary>Half structure-aware, half byte-level: both kinds of damage turn up in real files.</summary>
    public static (byte[] Bytes, string How) JsonOrBytes(Random r, byte[] input)
        => r.Next(2) == 0 ? Json(r, input) : Bytes(r, input);

    /// <summary>JSON Lines: one line mutated structurally, or whole lines deleted, duplicated or garbled, or bytes.</summary>
    public static (byte[] Bytes, string How) JsonLines(Random r, byte[] input)
    {
        var lines = Encoding.UTF8.GetString(input).Split('\n').ToList();
        int at = r.Next(lines.Count);
        switch (r.Next(5))
        {
            case 0 or 1:
                var (line, how) = Json(r, Encoding.UTF8.GetBytes(lines[at]));
                lines[at] = Encoding.UTF8.GetString(line).Replace('\n', ' ');
                return (Encoding.UTF8.GetBytes(string.Join('\n', lines)), $"line {at + 1}: {how}");
            case 2:
                lines.RemoveAt(at);
                return (Encoding.UTF8.GetBytes(string.Join('\n', lines)), $"delete line {at + 1}");
            case 3:
                lines.Insert(at, r.Next(2) == 0 ? lines[at] : OddValues[r.Next(OddValues.Length)]);
                return (Encoding.UTF8.GetBytes(string.Join('\n', lines)), $"insert a line before {at + 1}");
            default:
                return Bytes(r, input);
        }
    }

    static void Collect(JsonNode node, string path, List<(JsonNode, string)> into)
    {
        into.Add((node, path));
        if (node is JsonObject o)
            foreach (var (k, v) in o) { if (v is not null) Collect(v, $"{path}.{k}", into); }
        else if (node is JsonArray a)
            for (int i = 0; i < a.Count; i++) { if (a[i] is { } v) Collect(v, $"{path}[{i}]", into); }
    }

    static void Replace(JsonNode target, JsonNode replacement)
    {
        switch (target.Parent)
        {
            case JsonObject o: o[target.GetPropertyName()] = replacement; break;
            case JsonArray a: a[target.GetElementIndex()] = replacement; break;
        }
    }
}
