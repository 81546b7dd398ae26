namespace Lethe.Templates;

/// <summary>
/// Any failure to compile or render a chat template. <see cref="Line"/> is the 1-based template line at fault
/// when known; the message already names it, so the CLI can print the message as its one line.
/// </summary>
public class TemplateException : LetheException
{
    public int? Line { get; }

    public TemplateException(string message, int? line, int exitCode = 2, Exception? inner = null)
        : base(message, exitCode, inner) => Line = line;
}
