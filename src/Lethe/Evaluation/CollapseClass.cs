using System.Text.Json.Serialization;

namespace Lethe.Evaluation;

/// <summary>What a forget answer turned into after unlearning (see <see cref="CollapseClassifier"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CollapseClass>))]
public enum CollapseClass
{
    /// <summary>Still reproduces its own true answer: not forgotten (checked first, when the answer is known).</summary>
    [JsonStringEnumMemberName("original")] Original,

    /// <summary>Close to, or built from, the refusal phrasings ("I don't know").</summary>
    [JsonStringEnumMemberName("refusal")] Refusal,

    /// <summary>Reproduces another item's answer: a confident wrong fact.</summary>
    [JsonStringEnumMemberName("other_fact")] OtherFact,

    /// <summary>Readable text (low NLL under the fluency reference) that is neither of the above.</summary>
    [JsonStringEnumMemberName("fluent")] Fluent,

    /// <summary>Everything else: word salad, repetition, gibberish, or nothing at all.</summary>
    [JsonStringEnumMemberName("salad")] Salad,
}
