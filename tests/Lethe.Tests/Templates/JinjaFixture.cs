using System.Text.Json;
using Lethe.Templates;
using Xunit;

namespace Lethe.Tests.Templates;

/// <summary>Shared variables and assertions for the template tests.</summary>
internal static class JinjaFixture
{
    /// <summary>The variables every generated test case renders with (the same JSON the expected values were
    /// produced from in Python).</summary>
    public const string VariablesJson = """
        {"msgs": [{"role": "system", "content": " Be brief. "}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello", "tool_calls": [{"function": {"name": "f", "arguments": {"a": 1, "b": [1, 2.5, null, true]}}}]}], "d": {"b": 1, "a": [1, 2.5], "c": null, "k": "v"}, "s": "h\u00e9llo W\u00f6rld \ud83d\ude00", "n": null, "i": 7, "f": 2.5, "t": true, "e": [], "ed": {}, "nums": [3, 1, 2], "words": ["b", "A", "c", "a"], "users": [{"name": "x", "age": 3, "city": "NY"}, {"name": "y", "age": 1, "city": "ca"}, {"name": "z", "age": 2, "city": "CA"}], "big": 12345678901234, "neg": -3, "fl": [1.0, 0.1, 1e-05, 1e+16, 123456.789, -0.0, 1e+22, 2.5e-07]}
        """;

    static readonly JsonDocument Variables = JsonDocument.Parse(VariablesJson);

    public static string Render(string template) => ChatTemplate.Compile(template).Render(Variables.RootElement);

    public static string Render(string template, string variablesJson)
    {
        using var doc = JsonDocument.Parse(variablesJson);
        return ChatTemplate.Compile(template).Render(doc.RootElement);
    }

    public static void AssertRuntimeError(string template, string kind, string reason, int line)
    {
        var e = Assert.Throws<TemplateRuntimeError>(() => Render(template));
        Assert.Equal(kind, e.Kind);
        Assert.Equal(reason, e.Reason);
        Assert.Equal(line, e.Line);
        Assert.Equal($"chat template line {line}: {kind}: {reason.Replace("\n", "\\n")}", e.Message);
    }

    public static void AssertSyntaxError(string template, string reason, int line)
    {
        var e = Assert.Throws<TemplateSyntaxError>(() => ChatTemplate.Compile(template));
        Assert.Equal(reason, e.Reason);
        Assert.Equal(line, e.Line);
        Assert.Equal($"chat template line {line}: {reason}", e.Message);
    }
}
