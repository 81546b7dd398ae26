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
}
