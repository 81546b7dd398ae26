using Lethe.Templates;
using Xunit;

namespace Lethe.Tests.Templates;

/// <summary>Features this renderer does not implement fail with a message naming the feature and the line,
/// and runaway templates fail cleanly.</summary>
public class UnsupportedFeatureTests
{
    [Theory]
    [InlineData("{% include 'other.jinja' %}", "include", 1)]
    [InlineData("a\n{% extends 'base.jinja' %}", "extends", 2)]
    [InlineData("\n\n{% block body %}{% endblock %}", "block", 3)]
    [InlineData("{% import 'macros.jinja' as m %}", "import", 1)]
    [InlineData("{% from 'macros.jinja' import m %}", "from", 1)]
    [InlineData("{{ 1 }}\n{% autoescape true %}x{% endautoescape %}", "autoescape", 2)]
    public void TagsNeedingOtherTemplatesOrAutoescape(string template, string tag, int line)
    {
        var e = Assert.Throws<TemplateSyntaxError>(() => ChatTemplate.Compile(template));
        Assert.Equal(line, e.Line);
        Assert.Contains($"'{tag}' tag is not supported", e.Message);
        Assert.StartsWith($"chat template line {line}: ", e.Message);
    }

    [Theory]
    [InlineData("{{ x|urlize }}", "urlize")]
    [InlineData("{{ x|wordwrap(10) }}", "wordwrap")]
    [InlineData("{{ x|pprint }}", "pprint")]
    [InlineData("{{ x|random }}", "random")]
    [InlineData("{{ x|xmlattr }}", "xmlattr")]
    [InlineData("{{ x|striptags }}", "striptags")]
    [InlineData("{{ x|filesizeformat }}", "filesizeformat")]
    [InlineData("{{ x|urlencode }}", "urlencode")]
    public void JinjaFiltersLeftOut(string template, string filter)
    {
        var e = Assert.Throws<TemplateSyntaxError>(() => ChatTemplate.Compile("\n" + template));
        Assert.Equal(2, e.Line);
        Assert.Equal($"the Jinja filter '{filter}' is not supported by this renderer", e.Reason);
    }

    [Fact]
    public void UnsupportedFilterInsideIfFailsOnlyWhenReached()
    {
        Assert.Equal("ok", JinjaFixture.Render("{% if false %}{{ x|urlize }}{% endif %}ok"));
        JinjaFixture.AssertRuntimeError("{% if true %}\n{{ x|urlize }}{% endif %}", "TemplateRuntimeError",
            "No filter named 'urlize' found.", 2);
    }

    [Fact]
    public void DoTagIsNotEnabledAsInTransformers() =>
        JinjaFixture.AssertSyntaxError("{% do x %}", "Encountered unknown tag 'do'.", 1);

    [Fact]
    public void NamedUnicodeEscape()
    {
        var e = Assert.Throws<TemplateSyntaxError>(() => ChatTemplate.Compile("{{ '\\N{BULLET}' }}"));
        Assert.Contains("\\N{...}", e.Reason);
    }

    [Fact]
    public void LipsumIsRefusedWhenCalled() =>
        JinjaFixture.AssertRuntimeError("{{ lipsum() }}", "TemplateRuntimeError",
            "lipsum() is not supported by this renderer (its output is random)", 1);

    [Fact]
    public void IntegersBeyond64BitsAreAnError()
    {
        JinjaFixture.AssertRuntimeError("{{ 2 ** 62 + 2 ** 62 }}", "OverflowError",
            "integer result does not fit in 64 bits (this renderer's int range)", 1);
        Assert.Throws<TemplateSyntaxError>(() => ChatTemplate.Compile("{{ 99999999999999999999 }}"));
    }

    [Theory]
    [InlineData("{% break %}", "'break' outside loop")]
    [InlineData("{% for i in [1] %}{% macro m() %}{% continue %}{% endmacro %}{% endfor %}", "'continue' not properly in loop")]
    public void LoopControlsOutsideLoops(string template, string reason) => JinjaFixture.AssertSyntaxError(template, reason, 1);

    [Fact]
    public void DeeplyNestedExpressionFailsInsteadOfOverflowingTheStack()
    {
        string template = "{{ " + new string('(', 5000) + "1" + new string(')', 5000) + " }}";
        var e = Assert.Throws<TemplateSyntaxError>(() => ChatTemplate.Compile(template));
        Assert.Contains("nests too deeply", e.Reason);
        Assert.Throws<TemplateSyntaxError>(() => ChatTemplate.Compile("{{ " + string.Concat(Enumerable.Repeat("not ", 5000)) + "1 }}"));
        Assert.Throws<TemplateSyntaxError>(() => ChatTemplate.Compile(string.Concat(Enumerable.Repeat("{% if 1 %}", 1000))));
    }

    [Fact]
    public void RunawayRecursionIsARecursionError() =>
        JinjaFixture.AssertRuntimeError("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "RecursionError",
            "maximum recursion depth exceeded", 1);

    [Fact]
    public void HugeRepetitionIsRefused()
    {
        var e = Assert.Throws<TemplateRuntimeError>(() => JinjaFixture.Render("{{ 'x' * 1000000000 }}"));
        Assert.Equal("MemoryError", e.Kind);
    }
}
