namespace Lethe;

/// <summary>
/// A failure the user can act on: bad input, a missing file, an unsupported model. The CLI prints
/// <see cref="Exception.Message"/> as one line and exits with <see cref="ExitCode"/>; anything else is a bug.
/// Messages name the file, record, tensor or option at fault.
/// </summary>
public class LetheException : Exception
{
    public int ExitCode { get; }

    public LetheException(string message, int exitCode = 2, Exception? inner = null) : base(message, inner)
        => ExitCode = exitCode;

    /// <summary>
    /// A value from a file, made fit for a one-line message: shortened (a hostile file's "token" can be megabytes
    /// long) and with line breaks and other control characters shown as escapes.
    /// </summary>
    public static string Clip(string text, int max = 160)
    {
        string s = text.Length <= max ? text
            : string.Concat(text.AsSpan(0, max / 2), $"…({text.Length - max} more characters)…", text.AsSpan(text.Length - max / 2));
        if (!s.Any(char.IsControl)) return s;
        var sb = new System.Text.StringBuilder(s.Length + 16);
        foreach (char c in s)
            sb.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ when char.IsControl(c) => $"\\u{(int)c:X4}", _ => c.ToString() });
        return sb.ToString();
    }
}
