namespace Lethe.Templates;

/// <summary>
/// markupsafe's Markup: a string marked safe by <c>|safe</c>, <c>|escape</c> or <c>|forceescape</c>. Without
/// autoescaping it prints as its text; the difference shows when it meets a plain string: <c>Markup + str</c>
/// and <c>Markup % args</c> HTML-escape the plain side, as Python does.
/// </summary>
internal sealed class Markup(string text)
{
    public string Text { get; } = text;

    /// <summary>markupsafe.escape: &amp; &lt; &gt; " ' as entities.</summary>
    public static string Escape(string s) => s.Replace("&", "&amp;").Replace(">", "&gt;").Replace("<", "&lt;")
        .Replace("'", "&#39;").Replace("\"", "&#34;");

    /// <summary>escape(value): Markup stays as is, anything else is str()'d then escaped.</summary>
    public static Markup EscapeValue(object? value) => value as Markup ?? new Markup(Escape(PyRepr.Str(value)));
}
