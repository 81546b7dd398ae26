using System.Text.Json;

namespace Lethe.Tokenization;

/// <summary>
/// What the "post_processor" of tokenizer.json adds around a single sequence when special tokens are
/// requested: ids before (e.g. BOS) and after (e.g. EOS). Pair templates are not used by Lethe.
/// </summary>
internal sealed record PostProcessor(int[] Prefix, int[] Suffix)
{
    public static readonly PostProcessor None = new([], []);

    /// <summary>The first token string of the prefix / last of the suffix, when the template names them.</summary>
    public string? PrefixToken { get; init; }
    public string? SuffixToken { get; init; }

    public static PostProcessor Parse(HfJson json, JsonElement? element, string path)
    {
        if (element is null) return None;
        var e = element.Value;
        if (e.ValueKind != JsonValueKind.Object) throw json.Error(path, $"must be an object or null, not {HfJson.Kind(e)}");
        string type = json.RequireString(e, "type", path);
        switch (type)
        {
            case "ByteLevel":
                return None;   // only adjusts offsets
            case "Sequence":
            {
                var items = json.RequireArray(e, "processors", path);
                var result = None;
                int i = 0;
                foreach (var item in items.EnumerateArray())
                {
                    var p = Parse(json, item, $"{path}.processors[{i++}]");
                    // Each processor wraps the output of the previous one.
                    result = new PostProcessor([.. p.Prefix, .. result.Prefix], [.. result.Suffix, .. p.Suffix])
                    {
                        PrefixToken = p.PrefixToken ?? result.PrefixToken,
                        SuffixToken = p.SuffixToken ?? result.SuffixToken,
                    };
                }
                return result;
            }
            case "TemplateProcessing":
                return ParseTemplate(json, e, path);
            case "RobertaProcessing":
            case "BertProcessing":
            {
                var (clsToken, clsId) = TokenAndId(json, e, "cls", path);
                var (sepToken, sepId) = TokenAndId(json, e, "sep", path);
                return new PostProcessor([clsId], [sepId]) { PrefixToken = clsToken, SuffixToken = sepToken };
            }
            default:
                throw json.Error(HfJson.Join(path, "type"), $"post-processor \"{type}\" is not supported (supported: TemplateProcessing, ByteLevel, Sequence, RobertaProcessing, BertProcessing)");
        }
    }

    static (string, int) TokenAndId(HfJson json, JsonElement e, string name, string path)
    {
        var v = json.RequireArray(e, name, path);
        string p = HfJson.Join(path, name);
        if (v.GetArrayLength() != 2 || v[0].ValueKind != JsonValueKind.String)
            throw json.Error(p, "must be [\"token\", id]");
        return (v[0].GetString()!, json.RequireInt(v[1], p + "[1]", 0, BpeModel.MaxId));
    }

    static PostProcessor ParseTemplate(HfJson json, JsonElement e, string path)
    {
        var specials = new Dictionary<string, int[]>(StringComparer.Ordinal);
        if (json.OptionalObject(e, "special_tokens", path) is JsonElement map)
        {
            foreach (var prop in map.EnumerateObject())
            {
                string sp = $"{path}.special_tokens[\"{prop.Name}\"]";
                if (prop.Value.ValueKind != JsonValueKind.Object) throw json.Error(sp, "must be an object");
                var idsJson = json.RequireArray(prop.Value, "ids", sp);
                var ids = new List<int>();
                int k = 0;
                foreach (var id in idsJson.EnumerateArray()) ids.Add(json.RequireInt(id, $"{sp}.ids[{k++}]", 0, BpeModel.MaxId));
                specials[prop.Name] = [.. ids];
            }
        }
        var single = json.RequireArray(e, "single", path);
        var prefix = new List<int>();
        var suffix = new List<int>();
        string? firstName = null, lastName = null;
        bool seenSequence = false;
        int i = 0;
        foreach (var piece in single.EnumerateArray())
        {
            string pp = $"{path}.single[{i++}]";
            if (HfJson.Get(piece, "Sequence") is JsonElement seq)
            {
                string id = json.RequireString(seq, "id", pp + ".Sequence");
                if (id != "A") throw json.Error(pp + ".Sequence.id", $"a single-sequence template can only use sequence A, not \"{id}\"");
                if (seenSequence) throw json.Error(pp, "sequence A appears twice");
                seenSequence = true;
            }
            else if (HfJson.Get(piece, "SpecialToken") is JsonElement st)
            {
                string name = json.RequireString(st, "id", pp + ".SpecialToken");
                if (!specials.TryGetValue(name, out var ids))
                    throw json.Error(pp + ".SpecialToken.id", $"\"{name}\" is not listed in {path}.special_tokens");
                if (seenSequence) { suffix.AddRange(ids); lastName = name; }
                else { prefix.AddRange(ids); firstName ??= name; }
            }
            else throw json.Error(pp, "must be {\"Sequence\": ...} or {\"SpecialToken\": ...}");
        }
        if (!seenSequence) throw json.Error(HfJson.Join(path, "single"), "has no {\"Sequence\": {\"id\": \"A\"}} piece");
        return new PostProcessor([.. prefix], [.. suffix]) { PrefixToken = firstName, SuffixToken = lastName };
    }
}
