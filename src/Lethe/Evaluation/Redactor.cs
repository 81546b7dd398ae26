namespace Lethe.Evaluation;

/// <summary>
/// Under --no-ground-truth-in-logs, any text Lethe writes that contains a forget answer (the model's own answers
/// included — before unlearning they often quote it) is replaced by a marker, so no output file carries one.
/// </summary>
public sealed class Redactor
{
    public const string Marker = "[redacted: reproduces a forget answer]";
    readonly string[] _answers;

    public Redactor(IEnumerable<string?> forgetAnswers, bool active)
    {
        Active = active;
        _answers = active ? forgetAnswers.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!.Trim()).Distinct().ToArray() : Array.Empty<string>();
    }

    public bool Active { get; }

    public string Redact(string text)
        => Active && _answers.Any(a => text.Contains(a, StringComparison.OrdinalIgnoreCase)) ? Marker : text;
}
