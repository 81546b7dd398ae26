namespace Lethe.Data;

/// <summary>
/// Collects one record's TOFU fields as a reader meets them, then checks what a <see cref="QaItem"/> needs.
/// Shared by the JSON and Parquet readers so both enforce the same rules with the same messages.
/// </summary>
internal sealed class QaRecordBuilder
{
    readonly string _path;
    readonly bool _allowQuestionOnly;
    string _record = "";

    // A field that was present, even as null, is "seen": a repeated key is an error, not a silent overwrite.
    readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    string? _question, _answer, _paraphrasedQuestion, _paraphrasedAnswer;
    List<string>? _perturbed;
    readonly string?[] _options = new string?[TofuFields.MaxOptions];

    public QaRecordBuilder(string path, bool allowQuestionOnly)
    {
        _path = path;
        _allowQuestionOnly = allowQuestionOnly;
    }

    /// <summary>"record N" or "record N (line L)", used in every message about this record.</summary>
    public string Record => _record;

    public void Begin(string record)
    {
        _record = record;
        _seen.Clear();
        _question = _answer = _paraphrasedQuestion = _paraphrasedAnswer = null;
        _perturbed = null;
        Array.Clear(_options);
    }

    public static bool IsStringField(string name) => name switch
    {
        TofuFields.Question or TofuFields.Answer or TofuFields.ParaphrasedQuestion or TofuFields.ParaphrasedAnswer => true,
        _ => OptionIndex(name) >= 0,
    };

    /// <summary>0 for <c>option1</c> .. 3 for <c>option4</c>; -1 for anything else.</summary>
    public static int OptionIndex(string name)
    {
        for (var i = 0; i < TofuFields.MaxOptions; i++)
            if (name == TofuFields.Option(i)) return i;
        return -1;
    }

    public LetheException Error(string? field, string problem, Exception? inner = null)
        => DataErrors.At(_path, _record, field, problem, inner);

    public void MarkSeen(string field)
    {
        if (!_seen.Add(field)) throw Error(field, "appears twice in the record");
    }

    /// <summary>Sets a field for which <see cref="IsStringField"/> is true; null means present-but-null.</summary>
    public void SetString(string field, string? value)
    {
        switch (field)
        {
            case TofuFields.Question: _question = value; break;
            case TofuFields.Answer: _answer = value; break;
            case TofuFields.ParaphrasedQuestion: _paraphrasedQuestion = value; break;
            case TofuFields.ParaphrasedAnswer: _paraphrasedAnswer = value; break;
            default: _options[OptionIndex(field)] = value; break;
        }
    }

    public void SetPerturbed(List<string>? value) => _perturbed = value;

    public QaItem Build()
    {
        if (!_seen.Contains(TofuFields.Question)) throw Error(TofuFields.Question, "missing (every record needs a question)");
        if (_question is null) throw Error(TofuFields.Question, "is null");
        if (string.IsNullOrWhiteSpace(_question)) throw Error(TofuFields.Question, "is empty");
        if (_answer is null && !_allowQuestionOnly)
            throw Error(TofuFields.Answer, (_seen.Contains(TofuFields.Answer) ? "is null" : "missing")
                + " (only a question-only forget set may omit answers)");

        // Options must run option1..optionK without gaps, so Options[i] is always option(i+1).
        var count = 0;
        while (count < TofuFields.MaxOptions && _options[count] is not null) count++;
        for (var i = count; i < TofuFields.MaxOptions; i++)
            if (_options[i] is not null)
                throw Error(TofuFields.Option(count), $"missing or null while '{TofuFields.Option(i)}' is present");

        return new QaItem(_question, _answer)
        {
            ParaphrasedQuestion = _paraphrasedQuestion,
            ParaphrasedAnswer = _paraphrasedAnswer,
            PerturbedAnswers = _perturbed,
            Options = count == 0 ? null : Array.ConvertAll(_options[..count], o => o!),
        };
    }
}
