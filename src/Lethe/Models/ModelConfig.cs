using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lethe.Models;

/// <summary>
/// A Hugging Face <c>config.json</c>, read into the numbers the four supported families need. The original JSON
/// object is kept so a saved checkpoint carries every field the user's config had (transformers reads them back).
/// </summary>
public sealed class ModelConfig
{
    public static readonly string[] SupportedTypes = { "llama", "qwen2", "phi", "gpt2" };

    public JsonObject Json { get; }
    public string ModelType { get; }
    public int VocabSize { get; }
    public int HiddenSize { get; }
    public int NumLayers { get; }
    public int NumHeads { get; }
    public int NumKvHeads { get; }
    public int HeadDim { get; }
    public int IntermediateSize { get; }
    public int MaxPositions { get; }
    public double NormEps { get; }
    public double RopeTheta { get; }
    public double PartialRotaryFactor { get; }
    public JsonObject? RopeScaling { get; }
    public bool TieWordEmbeddings { get; }
    public string HiddenAct { get; }
    public bool AttentionBias { get; }
    public bool MlpBias { get; }
    public int? BosTokenId { get; }
    public IReadOnlyList<int> EosTokenIds { get; }
    public int? PadTokenId { get; }
    public string Source { get; }

    /// <summary>Rotary dimensions per head (0 for GPT-2, which has learned positions).</summary>
    public int RotaryDim => ModelType == "gpt2" ? 0 : ModelType == "phi" ? (int)(HeadDim * PartialRotaryFactor) : HeadDim;

    public ModelConfig(JsonObject json, string source = "config.json")
    {
        Json = json;
        Source = source;
        ModelType = Str("model_type") ?? throw Bad("missing 'model_type'");
        if (!SupportedTypes.Contains(ModelType))
            throw new LetheException($"{source}: unsupported model_type '{LetheException.Clip(ModelType)}' (supported: {string.Join(", ", SupportedTypes)})");
        bool gpt2 = ModelType == "gpt2";
        VocabSize = Positive(gpt2 ? "vocab_size" : "vocab_size");
        HiddenSize = Positive(gpt2 ? "n_embd" : "hidden_size");
        NumLayers = Positive(gpt2 ? "n_layer" : "num_hidden_layers");
        NumHeads = Positive(gpt2 ? "n_head" : "num_attention_heads");
        NumKvHeads = gpt2 ? NumHeads : (Int("num_key_value_heads") ?? NumHeads);
        if (NumKvHeads <= 0 || NumHeads % NumKvHeads != 0)
            throw Bad($"num_key_value_heads {NumKvHeads} must divide num_attention_heads {NumHeads}");
        HeadDim = OptionalPositive("head_dim") ?? (HiddenSize % NumHeads == 0 ? HiddenSize / NumHeads
            : throw Bad($"hidden_size {HiddenSize} is not divisible by the {NumHeads} attention heads"));
        IntermediateSize = gpt2 ? (OptionalPositive("n_inner") ?? 4 * HiddenSize) : Positive("intermediate_size");
        MaxPositions = OptionalPositive(gpt2 ? "n_positions" : "max_position_embeddings") ?? 2048;
        NormEps = Dbl(gpt2 ? "layer_norm_epsilon" : ModelType == "phi" ? "layer_norm_eps" : "rms_norm_eps") ?? 1e-5;
        RopeTheta = Dbl("rope_theta") ?? 10000.0;
        PartialRotaryFactor = Dbl("partial_rotary_factor") ?? 1.0;
        RopeScaling = json["rope_scaling"] as JsonObject;
        // GPT-2 always ties its head to the token embedding; Phi's and the others' default is untied.
        TieWordEmbeddings = gpt2 || (Bool("tie_word_embeddings") ?? false);
        HiddenAct = Str(gpt2 ? "activation_function" : "hidden_act") ?? (gpt2 || ModelType == "phi" ? "gelu_new" : "silu");
        AttentionBias = ModelType == "qwen2" || (Bool("attention_bias") ?? false);
        MlpBias = Bool("mlp_bias") ?? false;
        BosTokenId = Int("bos_token_id");
        EosTokenIds = json["eos_token_id"] switch
        {
            JsonArray a => a.Select(n => JsonNumbers.TryInt(n, out int e) ? e : throw Bad("'eos_token_id' must be integers")).ToArray(),
            JsonValue v when JsonNumbers.TryInt(v, out int e) => new[] { e },
            _ => Array.Empty<int>(),
        };
        PadTokenId = Int("pad_token_id");

        if (gpt2 && (Bool("scale_attn_by_inverse_layer_idx") ?? false))
            throw Bad("scale_attn_by_inverse_layer_idx = true is not supported");
        if (ModelType == "phi" && (Bool("qk_layernorm") ?? false))
            throw Bad("qk_layernorm = true is not supported");
        if (ModelType == "qwen2" && (Bool("use_sliding_window") ?? false))
            throw Bad("use_sliding_window = true is not supported");
        if (ModelType == "phi" && !(PartialRotaryFactor > 0 && PartialRotaryFactor <= 1)) throw Bad($"'partial_rotary_factor' = {PartialRotaryFactor} must be in (0, 1]");
        if (!(RopeTheta > 0) || !double.IsFinite(RopeTheta)) throw Bad($"'rope_theta' = {RopeTheta} must be a positive number");
        if (!(NormEps >= 0) || !double.IsFinite(NormEps)) throw Bad($"the norm epsilon {NormEps} must be a non-negative number");
        if (RotaryDim % 2 != 0) throw Bad($"rotary dimension {RotaryDim} must be even");
    }

    /// <summary>Real config.json files are a few kilobytes; anything past this is not one.</summary>
    public const long MaxFileBytes = 16L << 20;

    public static ModelConfig Load(string path)
    {
        if (!File.Exists(path)) throw new LetheException($"{path}: file not found (a model folder needs config.json)");
        if (new FileInfo(path).Length > MaxFileBytes) throw new LetheException($"{path}: {new FileInfo(path).Length} bytes is too large for a model config (limit {MaxFileBytes})");
        byte[] bytes = File.ReadAllBytes(path);
        JsonText.Check(bytes, path);
        JsonNode? node;
        try { node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 32, AllowDuplicateProperties = false }); }
        catch (JsonException e) { throw new LetheException($"{path}: not valid JSON ({LetheException.Clip(e.Message.Split('\n')[0], 300)})"); }
        if (node is not JsonObject obj) throw new LetheException($"{path}: not a JSON object");
        try { return new ModelConfig(obj, path); }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw new LetheException($"{path}: a field has the wrong type ({LetheException.Clip(e.Message.Split('\n')[0], 300)})");
        }
    }

    /// <summary>A Llama configuration for a model trained from scratch (the demo's base model).</summary>
    public static ModelConfig NewLlama(int vocabSize, int hidden, int layers, int heads, int kvHeads, int intermediate,
        int maxPositions, int? bos, int? eos, int? pad, bool tieEmbeddings = true, double ropeTheta = 10000.0)
    {
        var j = new JsonObject
        {
            ["architectures"] = new JsonArray("LlamaForCausalLM"),
            ["model_type"] = "llama",
            ["vocab_size"] = vocabSize,
            ["hidden_size"] = hidden,
            ["num_hidden_layers"] = layers,
            ["num_attention_heads"] = heads,
            ["num_key_value_heads"] = kvHeads,
            ["head_dim"] = hidden / heads,
            ["intermediate_size"] = intermediate,
            ["max_position_embeddings"] = maxPositions,
            ["rms_norm_eps"] = 1e-5,
            ["rope_theta"] = ropeTheta,
            ["rope_scaling"] = null,
            ["hidden_act"] = "silu",
            ["attention_bias"] = false,
            ["mlp_bias"] = false,
            ["tie_word_embeddings"] = tieEmbeddings,
            ["bos_token_id"] = bos,
            ["eos_token_id"] = eos,
            ["pad_token_id"] = pad,
            ["torch_dtype"] = "float32",
            ["use_cache"] = true,
        };
        return new ModelConfig(j, "(new llama config)");
    }

    string? Str(string k) => Json[k] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    int? Int(string k) => Json[k] is null ? null
        : JsonNumbers.TryInt(Json[k], out int i) ? i : throw Bad($"'{k}' must be an integer");
    double? Dbl(string k) => Json[k] is null ? null
        : JsonNumbers.TryDouble(Json[k], out double d) ? d : throw Bad($"'{k}' must be a number");
    bool? Bool(string k) => Json[k] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<bool>(out bool b) => b,
        _ => throw Bad($"'{k}' must be true or false"),
    };
    int Positive(string k) => OptionalPositive(k) ?? throw Bad($"missing '{k}'");
    int? OptionalPositive(string k)
    {
        int? v = Int(k);
        if (v is <= 0 or > 10_000_000) throw Bad($"'{k}' = {v} is out of range");
        return v;
    }
    LetheException Bad(string what) => new($"{Source}: {LetheException.Clip(what, 400)}");
}
