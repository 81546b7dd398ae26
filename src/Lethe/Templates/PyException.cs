namespace Lethe.Templates;

/// <summary>
/// A Python-level exception raised while evaluating (TypeError, UndefinedError, SecurityError, ...). Value
/// operations do not know the template line, so the renderer catches this at the innermost node and turns it
/// into a <see cref="TemplateRuntimeError"/> carrying the line.
/// </summary>
internal sealed class PyException : Exception
{
    public PyException(string kind, string message) : base(message) => Kind = kind;

    public string Kind { get; }

    public static PyException Type(string message) => new("TypeError", message);
    public static PyException Value(string message) => new("ValueError", message);
}
