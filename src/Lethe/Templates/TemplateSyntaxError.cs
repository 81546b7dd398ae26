namespace Lethe.Templates;

/// <summary>
/// The template text cannot be compiled: bad syntax, or a Jinja feature this renderer does not implement
/// (the message names it). Raised by <see cref="ChatTemplate.Compile"/>, never half-way through a render.
/// </summary>
public sealed class TemplateSyntaxError : TemplateException
{
    public TemplateSyntaxError(string message, int line)
        : base($"chat template line {line}: {message}", line) => Reason = message;

    /// <summary>The message without the line prefix.</summary>
    public string Reason { get; }
}
