using System.Text.Json;

namespace Lethe.Tokenization;

/// <summary>
/// What Lethe reads from tokenizer_config.json, special_tokens_map.json and chat_template.jinja — the files
/// the transformers library keeps beside tokenizer.json.
/// </summary>
internal sealed class TokenizerConfig
{
    public const long MaxConfigBytes = 64L << 20;

    public AddedToken? Bos { get; private set; }
    public AddedToken? Eos { get; private set; }
    public AddedToken? Unk { get; private set; }
    public AddedToken? Pad { get; private set; }
    public List<AddedToken> AdditionalSpecial { get; private set; } = [];
    public bool? AddBosToken { get; private set; }
    public bool? AddEosToken { get; private set; }
    public int? ModelMaxLength { get; private set; }
    public string? TokenizerClass { get; private set; }

    /// <summary>Special-token keys the files state, even as null (an explicit null turns a class default off).</summary>
    public HashSet<string> Stated { get; } = new(StringComparer.Ordinal);
    public string? ChatTemplate { get; private set; }
    public Dictionary<string, string> ChatTemplates { get; } = new(StringComparer.Ordinal);
    public List<(int Id, AddedToken Token)> AddedTokensDecoder { get; } = [];

    /// <summary>Reads the optional files of <paramref name="directory"/>; absent files leave the defaults.</summary>
    public static TokenizerConfig Load(string directory)
    {
        var config = new TokenizerConfig();
        string configPath = Path.Combine(directory, "tokenizer_config.json");
        if (File.Exists(configPath))
        {
            using var doc = HfJson.ParseFile(configPath, MaxConfigBytes);
            config.ReadConfig(new HfJson(configPath), doc.RootElement);
        }
        string mapPath = Path.Combine(directory, "special_tokens_map.json");
        if (File.Exists(mapPath))
        {
            // transformers lets special_tokens_map.json override tokenizer_config.json.
            using var doc = HfJson.ParseFile(mapPath, MaxConfigBytes);
            config.ReadSpecialTokens(new HfJson(mapPath), doc.RootElement, overrideOnly: true);
        }
        string templatePath = Path.Combine(directory, "chat_template.jinja");
        if (File.Exists(templatePath))
        {
            var info = new FileInfo(templatePath);
            if (info.Length > MaxConfigBytes)
                throw new LetheException($"{templatePath}: file is {info.Length} bytes, more than the {MaxConfigBytes} a chat template may have");
            try { config.ChatTemplate = File.ReadAllText(templatePath); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            { throw new LetheException($"{templatePath}: cannot read ({e.Message})"); }
            config.ChatTemplates["default"] = config.ChatTemplate;
        }
        return config;
    }

    void ReadConfig(HfJson json, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw json.Error("(root)", $"must be an object, not {HfJson.Kind(root)}");
        ReadSpecialTokens(json, root, overrideOnly: false);
        AddBosToken = json.OptionalBool(root, "add_bos_token", "");
        AddEosToken = json.OptionalBool(root, "add_eos_token", "");
        TokenizerClass = json.OptionalString(root, "tokenizer_class", "");

        if (HfJson.Get(root, "model_max_length") is JsonElement mml)
        {
            if (mml.ValueKind != JsonValueKind.Number) throw json.Error("model_max_length", $"must be a number, not {HfJson.Kind(mml)}");
            double v = mml.GetDouble();
            if (v < 1) throw json.Error("model_max_length", $"{mml.GetRawText()} is not a positive length");
            // transformers writes 1e30 for "no limit".
            ModelMaxLength = v <= int.MaxValue ? (int)v : null;
        }

        if (HfJson.Get(root, "chat_template") is JsonElement ct)
        {
            if (ct.ValueKind == JsonValueKind.String)
            {
                ChatTemplate = ct.GetString();
                ChatTemplates["default"] = ChatTemplate!;
            }
            else if (ct.ValueKind == JsonValueKind.Array)
            {
                int i = 0;
                foreach (var item in ct.EnumerateArray())
                {
                    string p = $"chat_template[{i++}]";
                    if (item.ValueKind != JsonValueKind.Object) throw json.Error(p, "must be {\"name\": ..., \"template\": ...}");
                    string name = json.RequireString(item, "name", p);
                    ChatTemplates[name] = json.RequireString(item, "template", p);
                }
                ChatTemplate = ChatTemplates.GetValueOrDefault("default");
            }
            else throw json.Error("chat_template", $"must be a string or a list of {{name, template}}, not {HfJson.Kind(ct)}");
        }

        if (json.OptionalObject(root, "added_tokens_decoder", "") is JsonElement decoder)
        {
            foreach (var prop in decoder.EnumerateObject())
            {
                string p = $"added_tokens_decoder[\"{prop.Name}\"]";
                if (!int.TryParse(prop.Name, System.Globalization.NumberStyles.None, null, out int id) || id > BpeModel.MaxId)
                    throw json.Error(p, "key must be a token id");
                if (prop.Value.ValueKind != JsonValueKind.Object) throw json.Error(p, "must be an object");
                var token = ReadTokenObject(json, prop.Value, p, defaultSpecial: false);
                AddedTokensDecoder.Add((id, token));
            }
        }
    }

    /// <summary>
    /// The special tokens transformers' tokenizer classes assume when the files do not name them
    /// (openai-community/gpt2 ships a tokenizer_config.json with no tokens at all): (bos, eos, unk).
    /// </summary>
    public (string? Bos, string? Eos, string? Unk) ClassDefaults()
    {
        var (bos, eos, unk) = ClassDefaultsIgnoringStated();
        return (Stated.Contains("bos_token") ? null : bos, Stated.Contains("eos_token") ? null : eos, Stated.Contains("unk_token") ? null : unk);
    }

    (string?, string?, string?) ClassDefaultsIgnoringStated()
    {
        string cls = TokenizerClass ?? "";
        if (cls.EndsWith("Fast", StringComparison.Ordinal)) cls = cls[..^4];
        return cls switch
        {
            "GPT2Tokenizer" or "CodeGenTokenizer" or "GPTNeoXTokenizer" => ("<|endoftext|>", "<|endoftext|>", "<|endoftext|>"),
            "LlamaTokenizer" or "CodeLlamaTokenizer" => ("<s>", "</s>", "<unk>"),
            "Qwen2Tokenizer" => (null, "<|endoftext|>", "<|endoftext|>"),
            // No class named: GPT-2's convention, used only if "<|endoftext|>" is in the vocabulary.
            "" => ("<|endoftext|>", "<|endoftext|>", null),
            _ => (null, null, null),
        };
    }

    void ReadSpecialTokens(HfJson json, JsonElement root, bool overrideOnly)
    {
        if (root.ValueKind != JsonValueKind.Object) throw json.Error("(root)", $"must be an object, not {HfJson.Kind(root)}");
        AddedToken? Read(string name, AddedToken? current)
        {
            if (!root.TryGetProperty(name, out var v)) return current;
            Stated.Add(name);
            if (v.ValueKind == JsonValueKind.Null) return overrideOnly ? current : null;
            return ReadToken(json, v, name);
        }
        Bos = Read("bos_token", Bos);
        Eos = Read("eos_token", Eos);
        Unk = Read("unk_token", Unk);
        Pad = Read("pad_token", Pad);
        if (HfJson.Get(root, "additional_special_tokens") is JsonElement extra)
        {
            if (extra.ValueKind != JsonValueKind.Array) throw json.Error("additional_special_tokens", $"must be a list, not {HfJson.Kind(extra)}");
            var list = new List<AddedToken>();
            int i = 0;
            foreach (var item in extra.EnumerateArray()) list.Add(ReadToken(json, item, $"additional_special_tokens[{i++}]"));
            AdditionalSpecial = list;
        }
    }

    /// <summary>A special token given as a string or as {"content": ..., "lstrip": ..., ...}.</summary>
    static AddedToken ReadToken(HfJson json, JsonElement v, string path)
    {
        if (v.ValueKind == JsonValueKind.String)
        {
            string s = v.GetString()!;
            if (s.Length == 0) throw json.Error(path, "must not be empty");
            return new AddedToken(s, Special: true, Normalized: false);
        }
        if (v.ValueKind == JsonValueKind.Object) return ReadTokenObject(json, v, path, defaultSpecial: true);
        throw json.Error(path, $"must be a string or {{\"content\": ...}}, not {HfJson.Kind(v)}");
    }

    static AddedToken ReadTokenObject(HfJson json, JsonElement v, string path, bool defaultSpecial)
    {
        string content = json.RequireString(v, "content", path);
        if (content.Length == 0) throw json.Error(path + ".content", "must not be empty");
        bool special = json.OptionalBool(v, "special", path, defaultSpecial);
        return new AddedToken(content, special,
            Normalized: json.OptionalBool(v, "normalized", path, !special),
            Lstrip: json.OptionalBool(v, "lstrip", path, false),
            Rstrip: json.OptionalBool(v, "rstrip", path, false),
            SingleWord: json.OptionalBool(v, "single_word", path, false));
    }
}
