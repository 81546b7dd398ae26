using Xunit;

namespace Lethe.Tests.Templates;

// Expected values were produced by Python Jinja2 3.1.6 configured as transformers' apply_chat_template
// (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, json.dumps tojson) with the
// variables in JinjaFixture.Variables.

/// <summary>The 'is' tests.</summary>
public class JinjaTestTests
{
    /// <summary>Type and value tests with Python's notion of each type.</summary>
    [Theory]
    [InlineData("{{ i is odd }}{{ i is even }}{{ i is divisibleby 7 }}{{ i is divisibleby(3) }}{{ n is none }}{{ n is defined }}{{ x is defined }}{{ x is undefined }}", "TrueFalseTrueFalseTrueTrueFalseTrue")]
    [InlineData("{{ s is string }}{{ d is mapping }}{{ s is iterable }}{{ i is iterable }}{{ e is sequence }}{{ d is sequence }}{{ 'abc' is sequence }}{{ d.keys() is sequence }}{{ d.keys() is iterable }}{{ nums|map('string') is sequence }}{{ nums|map('string') is iterable }}", "TrueTrueTrueFalseTrueTrueTrueFalseTrueFalseTrue")]
    [InlineData("{{ t is boolean }}{{ t is true }}{{ t is false }}{{ i is number }}{{ t is number }}{{ f is float }}{{ i is integer }}{{ t is integer }}{{ f is number }}", "TrueTrueFalseTrueTrueTrueTrueFalseTrue")]
    [InlineData("{{ undefinedthing is iterable }}{{ undefinedthing is sequence }}{{ undefinedthing is callable }}{{ range is callable }}{{ namespace() is callable }}{{ joiner() is callable }}", "TrueTrueTrueTrueFalseTrue")]
    [InlineData("{{ 'a' is lower }}{{ 'A' is upper }}{{ 1 is sameas 1 }}{{ n is sameas none }}{{ 1 is in [1] }}{{ 1 is eq 1 }}{{ 1 is ne 1 }}{{ 1 is lt 2 }}{{ 2 is gt 1 }}{{ 2 is ge 2 }}{{ 2 is le 1 }}{{ 'a' is equalto 'a' }}{{ 1 is greaterthan 0 }}{{ 1 is lessthan 0 }}", "TrueTrueTrueTrueTrueTrueFalseTrueTrueTrueFalseTrueTrueFalse")]
    [InlineData("{{ 'upper' is filter }}{{ 'odd' is test }}{{ 'nope' is filter }}{{ 'x' is escaped }}{{ 'x'|e is escaped }}{{ msgs[0].content is string }}{{ msgs[2].tool_calls is iterable }}{{ msgs[0] is mapping }}", "TrueTrueFalseFalseTrueTrueTrueTrue")]
    [InlineData("{{ 1 is divisibleby 3 and true }}|{{ none is none or false }}|{{ x is defined and x }}|{{ n is not none }}|{{ not n is none }}", "False|True|False|False|False")]
    public void Tests(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));
}
