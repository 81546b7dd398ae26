using Lethe.Training;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;
using YamlDotNet.Serialization.NamingConventions;

namespace Lethe.Unlearning;

/// <summary>
/// Unlearning hyperparameters, under the reference implementation's names (num_samples, lambda, min_len, …) so its
/// YAML configs read the same here. Unknown keys are errors (a typo must not silently fall back to a default).
/// </summary>
public sealed class UnlearnConfig : TrainConfig
{
    /// <summary>The reference's phi-1.5 schedule as defaults (epochs 40, batch 16 × 4, lr 1e-5).</summary>
    public UnlearnConfig()
    {
        NumEpochs = 40;
        GradientAccumulationSteps = 4;
    }

    /// <summary>pmc, grad_ascent, grad_diff, idk, npo or simnpo.</summary>
    public string Method { get; set; } = "pmc";

    // --- PMC (the reference's names) ---
    public int NumSamples { get; set; } = 5;
    [YamlMember(Alias = "lambda")] public double Lambda { get; set; } = 1.5;
    public int MinLen { get; set; }
    public double Temperature { get; set; } = 1.25;
    public double TopP { get; set; } = 0.95;
    public int TopK { get; set; }

    /// <summary>argmin (the reference) or softmax (Bradley–Terry: P ∝ softmax((1 − score)/selection_temperature)).</summary>
    public string Selection { get; set; } = "argmin";
    public double SelectionTemperature { get; set; } = 0.1;

    /// <summary>rouge (the reference) or rouge_fluency (adds fluency_weight × the sample's NLL under a frozen model).</summary>
    public string Reward { get; set; } = "rouge";
    public double FluencyWeight { get; set; } = 0.1;

    /// <summary>Frozen model for the fluency reward and for NPO; default: the starting checkpoint.</summary>
    public string? ReferenceModel { get; set; }

    /// <summary>New tokens per sampled answer (also bounded by max_length minus the prompt).</summary>
    public int MaxNewTokens { get; set; } = 128;

    // --- baselines ---
    public double Beta { get; set; } = 0.1;
    public double Gamma { get; set; } = 0.0;

    // --- prompt format ---
    /// <summary>plain ("Question: …\nAnswer: …") or chat (the model's chat template).</summary>
    public string Format { get; set; } = "plain";
    public string QuestionStartTag { get; set; } = "Question: ";
    public string QuestionEndTag { get; set; } = "\n";
    public string AnswerTag { get; set; } = "Answer: ";
    /// <summary>chat format: the system message of every conversation (empty: none).</summary>
    public string SystemPrompt { get; set; } = Data.ChatPromptFormat.DefaultSystemPrompt;
    /// <summary>chat format: the template's date_string (empty: none, so Llama-3.x templates print today's date).</summary>
    public string DateString { get; set; } = Data.ChatPromptFormat.DefaultDateString;

    public static readonly string[] Methods = { "pmc", "grad_ascent", "grad_diff", "idk", "npo", "simnpo" };

    public static UnlearnConfig Load(string path)
    {
        if (!File.Exists(path)) throw new LetheException($"{path}: config file not found");
        return Parse(File.ReadAllText(path), path);
    }

    public static UnlearnConfig Parse(string yaml, string source)
    {
        var c = ConfigYaml.Deserialize<UnlearnConfig>(yaml, source) ?? new UnlearnConfig();
        c.Validate(source);
        return c;
    }

    public override void Validate(string source)
    {
        base.Validate(source);
        void Check(bool ok, string what) { if (!ok) throw new LetheException($"{source}: {what}"); }
        Check(Methods.Contains(Method), $"method '{Method}' is not one of {string.Join(", ", Methods)}");
        Check(!GroupByLength, "group_by_length applies to fine-tuning; unlearning batches pair forget questions with retain pairs by index");
        Check(NumSamples >= 1, "num_samples must be ≥ 1");
        Check(Lambda >= 0, "lambda must be ≥ 0");
        Check(MinLen >= 0, "min_len must be ≥ 0");
        Check(Temperature > 0, "temperature must be > 0");
        Check(TopP > 0 && TopP <= 1, "top_p must be in (0, 1]");
        Check(TopK >= 0, "top_k must be ≥ 0");
        Check(Selection is "argmin" or "softmax", $"selection '{Selection}' must be argmin or softmax");
        Check(SelectionTemperature > 0, "selection_temperature must be > 0");
        Check(Reward is "rouge" or "rouge_fluency", $"reward '{Reward}' must be rouge or rouge_fluency");
        Check(FluencyWeight >= 0, "fluency_weight must be ≥ 0");
        Check(MaxNewTokens >= 1, "max_new_tokens must be ≥ 1");
        Check(Beta > 0, "beta must be > 0");
        Check(Format is "plain" or "chat", $"format '{Format}' must be plain or chat");
    }
}

/// <summary>Strict YAML: snake_case keys, unknown keys and wrong types are errors that name the file and line.</summary>
public static class ConfigYaml
{
    public static T? Deserialize<T>(string yaml, string source)
    {
        var d = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        try { return d.Deserialize<T>(yaml); }
        catch (YamlException e)
        {
            string what = (e.InnerException?.Message ?? e.Message).Split('\n')[0];
            if (what.Contains("not found on type")) what = $"unknown key ({what.Split('\'').ElementAtOrDefault(1) ?? what})";
            throw new LetheException($"{source}: line {e.Start.Line}: {what}");
        }
    }

    /// <summary>
    /// Reads a config file (or starts from defaults) and applies key=value overrides from the command line; both go
    /// through the same strict deserialiser, so a mistyped flag value is reported like a mistyped file value.
    /// </summary>
    public static T Load<T>(string? path, IEnumerable<KeyValuePair<string, string>> overrides) where T : new()
    {
        var list = overrides.ToList();
        string source = path ?? "(defaults)";
        if (path is not null && list.Count == 0 && File.Exists(path))
            return Deserialize<T>(File.ReadAllText(path), path) ?? new T();   // keeps the file's own line numbers in errors
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (path is not null)
        {
            if (!File.Exists(path)) throw new LetheException($"{path}: config file not found");
            var raw = Deserialize<Dictionary<string, object?>>(File.ReadAllText(path), path);
            if (raw is not null) foreach (var (k, v) in raw) map[k] = v;
        }
        foreach (var (k, v) in list) map[k] = v;
        string yaml = Serializer(UnderscoredNamingConvention.Instance).Serialize(map);
        try { return Deserialize<T>(yaml, source) ?? new T(); }
        catch (LetheException e) when (list.Count > 0)
        {
            throw new LetheException($"{e.Message} (config {source} with command-line overrides {string.Join(", ", list.Select(kv => kv.Key + "=" + kv.Value))})");
        }
    }

    public static string Serialize(object o) => Serializer(UnderscoredNamingConvention.Instance).Serialize(o);

    static ISerializer Serializer(INamingConvention naming) => new SerializerBuilder()
        .WithNamingConvention(naming)
        .WithEventEmitter(next => new QuotedControlCharacters(next))
        .Build();

    /// <summary>
    /// Writes strings that hold line breaks or other control characters double-quoted with escapes. YamlDotNet's
    /// default style for "\n" reads back as an empty string, which silently changed the plain prompt format
    /// (question_end_tag) of every config that went through a serialise/deserialise round trip.
    /// </summary>
    sealed class QuotedControlCharacters(IEventEmitter next) : ChainedEventEmitter(next)
    {
        public override void Emit(ScalarEventInfo info, IEmitter emitter)
        {
            if (info.Source.Value is string s && s.Any(char.IsControl)) info.Style = ScalarStyle.DoubleQuoted;
            base.Emit(info, emitter);
        }
    }
}
