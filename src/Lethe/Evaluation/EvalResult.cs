using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lethe.IO;

namespace Lethe.Evaluation;

/// <summary>
/// Everything one evaluation measured. <see cref="Save"/> writes it as results.json with snake_case keys; a value
/// that could not be measured is null there, and <see cref="Notes"/> says why.
/// </summary>
public sealed record EvalResult
{
    public const string FileName = "results.json";

    /// <summary>The evaluated model's folder, when the caller says (informational).</summary>
    public string? ModelPath { get; init; }

    /// <summary>The fluency reference model's folder, when the caller says (informational).</summary>
    public string? ReferenceModelPath { get; init; }

    /// <summary>The data folder (<see cref="Data.TofuDataset.Folder"/>).</summary>
    public string? DataPath { get; init; }

    /// <summary>The forget percentage of the split.</summary>
    public int? Split { get; init; }

    public required EvalSets Sets { get; init; }

    /// <summary>100·(1 − (R_forget + R_forget_paraphrased)/2), or 100·(1 − R_forget) without paraphrases (see notes).</summary>
    public double? UnlearnQuality { get; init; }

    /// <summary>100·(R_retain_short + R_world_facts + R_real_authors)/3, over the sets present (see notes).</summary>
    public double? Utility { get; init; }

    /// <summary>Mean over forget items of the answer's mean per-token NLL.</summary>
    public double? NllForget { get; init; }

    /// <summary>Mean over retain_short items of the answer's mean per-token NLL.</summary>
    public double? NllRetain { get; init; }

    public required AttackResults Attacks { get; init; }

    public CollapseProfile? CollapseProfile { get; init; }

    /// <summary>Seconds per part (forget, forget_paraphrased, …, total), in the order they ran.</summary>
    public required IReadOnlyDictionary<string, double> Timing { get; init; }

    /// <summary>What was skipped or computed differently, and why.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    public required EvalOptions Options { get; init; }

    /// <summary>snake_case keys, indented, non-ASCII text written as is (a file, not HTML).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Writes the JSON to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson() + "\n");
}
