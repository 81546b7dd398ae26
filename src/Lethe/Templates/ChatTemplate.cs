using System.Text.Json;

namespace Lethe.Templates;

/// <summary>
/// A compiled Hugging Face chat template. Renders exactly as transformers' <c>apply_chat_template</c> does
/// (Jinja2 3.1 ImmutableSandboxedEnvironment with trim_blocks, lstrip_blocks, loopcontrols and
/// <c>{% generation %}</c>; globals raise_exception and strftime_now; tojson as json.dumps). Compile once,
/// render many times; rendering is thread-safe.
/// </summary>
/// <example>
/// <code>
/// var t = ChatTemplate.Compile(source);
/// string prompt = t.Render(new Dictionary&lt;string, object?&gt;
/// {
///     ["messages"] = new[] { new Dictionary&lt;string, object?&gt; { ["role"] = "user", ["content"] = "Hi" } },
///     ["add_generation_prompt"] = true,
///     ["bos_token"] = "&lt;s&gt;",
/// });
/// </code>
/// </example>
public sealed class ChatTemplate
{
    readonly IReadOnlyList<Stmt> _body;

    ChatTemplate(IReadOnlyList<Stmt> body) => _body = body;

    /// <summary>Parses a template. Throws <see cref="TemplateSyntaxError"/> (with the line) for bad syntax or a
    /// Jinja feature this renderer does not implement.</summary>
    public static ChatTemplate Compile(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new ChatTemplate(Parser.Parse(source));
    }

    /// <summary>
    /// Renders with the given variables (CLR values or <see cref="JsonElement"/>s; see
    /// <see cref="TemplateValues.FromClr"/>). Throws <see cref="TemplateError"/> with the template's own message
    /// when it calls raise_exception, and <see cref="TemplateRuntimeError"/> when Jinja would raise another error.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, object?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var converted = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in variables) converted[name] = TemplateValues.FromClr(value);
        return new Renderer().Render(_body, converted);
    }

    /// <summary>Renders with the members of a JSON object as variables.</summary>
    public string Render(JsonElement variables) => new Renderer().Render(_body, TemplateValues.VariablesFromJson(variables));
}
