namespace Lethe.Templates;

/// <summary>
/// The template itself gave up: a call to <c>raise_exception(message)</c>, as transformers' global raises
/// <c>jinja2.exceptions.TemplateError(message)</c>. <see cref="Exception.Message"/> is exactly the template's
/// message (callers compare it verbatim), so the line lives only in <see cref="TemplateException.Line"/>.
/// Exit code 3 tells a script "the template refused these messages" apart from "the tool failed".
/// </summary>
public sealed class TemplateError : TemplateException
{
    public const int RaisedExitCode = 3;

    public TemplateError(string message, int? line) : base(message, line, RaisedExitCode) { }
}
