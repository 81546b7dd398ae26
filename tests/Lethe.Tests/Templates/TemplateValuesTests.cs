using System.Text.Json;
using Lethe.Templates;
using Xunit;

namespace Lethe.Tests.Templates;

/// <summary>Variables keep the Python types transformers would pass: member order, int vs float, None.</summary>
public class TemplateValuesTests
{
    static string Render(string template, string json) => JinjaFixture.Render(template, json);

    [Theory]
    [InlineData("1", "1|True|False")]
    [InlineData("-0", "0|True|False")]
    [InlineData("1.0", "1.0|False|True")]
    [InlineData("2.5", "2.5|False|True")]
    [InlineData("1e2", "100.0|False|True")]
    [InlineData("1E-5", "1e-05|False|True")]
    [InlineData("-0.0", "-0.0|False|True")]
    [InlineData("9223372036854775807", "9223372036854775807|True|False")]
    public void JsonNumbersAreIntOrFloatAsInPython(string number, string expected) =>
        Assert.Equal(expected, Render("{{ x }}|{{ x is integer }}|{{ x is float }}", $"{{\"x\": {number}}}"));

    [Fact]
    public void IntegerBeyond64BitsIsAnError() =>
        Assert.Throws<LetheException>(() => Render("{{ x }}", "{\"x\": 12345678901234567890}"));

    [Fact]
    public void ObjectMemberOrderIsKept() =>
        Assert.Equal("{\"z\": 1, \"a\": {\"y\": 2, \"b\": 3}}|z,a|[('z', 1), ('a', {'y': 2, 'b': 3})]",
            Render("{{ o|tojson }}|{{ o|join(',') }}|{{ o.items()|list }}", "{\"o\": {\"z\": 1, \"a\": {\"y\": 2, \"b\": 3}}}"));

    [Fact]
    public void RepeatedKeyKeepsFirstPositionAndLastValue() =>
        Assert.Equal("{'a': 3, 'b': 2}", Render("{{ o }}", "{\"o\": {\"a\": 1, \"b\": 2, \"a\": 3}}"));

    [Fact]
    public void NullIsDefinedAndNone() =>
        Assert.Equal("True|True|None|False", Render("{{ x is defined }}|{{ x is none }}|{{ x }}|{{ y is defined }}", "{\"x\": null}"));

    [Fact]
    public void NonAsciiAndEscapesSurvive() =>
        Assert.Equal("\u00e9\U0001F600\n\"|\"\u00e9\U0001F600\\n\\\"\"",
            Render("{{ s }}|{{ s|tojson }}", "{\"s\": \"\\u00e9\\ud83d\\ude00\\n\\\"\"}"));

    [Fact]
    public void UnpairedSurrogateEscapeIsKeptAsPythonDoes() =>
        Assert.Equal("a\ud800b|3", Render("{{ s }}|{{ s|length }}", "{\"s\": \"a\\ud800b\"}"));

    [Fact]
    public void VariablesMustBeAnObject()
    {
        using var doc = JsonDocument.Parse("[1]");
        var e = Assert.Throws<LetheException>(() => ChatTemplate.Compile("x").Render(doc.RootElement));
        Assert.Contains("JSON object", e.Message);
    }

    [Fact]
    public void ClrValuesConvertLikeJson()
    {
        var t = ChatTemplate.Compile("{% for m in messages %}{{ m.role }}:{{ m.content }};{% endfor %}{{ n }}|{{ f }}|{{ b }}|{{ none_ }}|{{ arr }}|{{ m }}|{{ dec }}|{{ ch }}|{{ js }}");
        using var doc = JsonDocument.Parse("{\"k\": [1, 2.0]}");
        var text = t.Render(new Dictionary<string, object?>
        {
            ["messages"] = new[]
            {
                new Dictionary<string, object?> { ["role"] = "user", ["content"] = "Hi" },
                new Dictionary<string, object?> { ["role"] = "assistant", ["content"] = "Yo" },
            },
            ["n"] = 3,
            ["f"] = 2.5f,
            ["b"] = true,
            ["none_"] = null,
            ["arr"] = new List<object?> { 1L, "a", null },
            ["m"] = new SortedDictionary<string, int> { ["b"] = 2, ["a"] = 1 },
            ["dec"] = 1.5m,
            ["ch"] = 'c',
            ["js"] = doc.RootElement,
        });
        Assert.Equal("user:Hi;assistant:Yo;3|2.5|True|None|[1, 'a', None]|{'a': 1, 'b': 2}|1.5|c|{'k': [1, 2.0]}", text);
    }

    [Fact]
    public void UnsupportedClrTypeIsAnError()
    {
        var e = Assert.Throws<LetheException>(() => ChatTemplate.Compile("x").Render(new Dictionary<string, object?> { ["x"] = new object() }));
        Assert.Contains("not supported", e.Message);
    }

    [Fact]
    public void RenderVariablesOverrideGlobals() =>
        Assert.Equal("mine", Render("{{ range }}", "{\"range\": \"mine\"}"));

    [Fact]
    public void CompiledTemplateRendersRepeatedlyAndConcurrently()
    {
        var t = ChatTemplate.Compile("{% set ns = namespace(n=0) %}{% for x in xs %}{% set ns.n = ns.n + x %}{% endfor %}{{ ns.n }}");
        var results = Enumerable.Range(1, 40).AsParallel().Select(i =>
        {
            using var doc = JsonDocument.Parse($"{{\"xs\": [{string.Join(",", Enumerable.Range(1, i))}]}}");
            return (i, t.Render(doc.RootElement));
        }).ToList();
        foreach (var (i, text) in results) Assert.Equal((i * (i + 1) / 2).ToString(), text);
    }
}
