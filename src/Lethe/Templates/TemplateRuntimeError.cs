namespace Lethe.Templates;

/// <summary>
/// Rendering failed inside the template for a reason other than <c>raise_exception</c>: an undefined value used
/// where Jinja raises (<c>UndefinedError</c>), a refused sandbox operation (<c>SecurityError</c>), or a Python
/// type error such as <c>'a' + 1</c>. <see cref="Kind"/> is the Python/Jinja exception class name.
/// </summary>
public sealed class TemplateRuntimeError : TemplateException
{
    public TemplateRuntimeError(string kind, string message, int line, Exception? inner = null)
        : base($"chat template line {line}: {kind}: {OneLine(message)}", line, 2, inner)
    {
        Kind = kind;
        Reason = message;
    }

    public string Kind { get; }

    /// <summary>The message without the line and kind prefix.</summary>
    public string Reason { get; }

    static string OneLine(string s) => s.Replace("\r", "\\r").Replace("\n", "\\n");
}
