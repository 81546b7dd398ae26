using Xunit;

namespace Lethe.Tests.Templates;

// Expected values were produced by Python Jinja2 3.1.6 configured as transformers' apply_chat_template
// (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, json.dumps tojson) with the
// variables in JinjaFixture.Variables.

/// <summary>Jinja's default Undefined: printable, false, empty when iterated; an error when used otherwise.</summary>
public class UndefinedTests
{
    /// <summary>What an undefined value allows.</summary>
    [Theory]
    [InlineData("[{{ x }}]{{ x is defined }}{{ not x }}{% for i in x %}no{% endfor %}{{ x|length }}{{ x|default('d') }}{{ x ~ 'c' }}{{ x == x }}{{ x != 1 }}{{ x or 'o' }}{{ [x] }}{{ {'a': x} }}{{ 'q' in x }}", "[]FalseTrue0dcTrueTrueo[Undefined]{'a': Undefined}False")]
    [InlineData("{{ '{}'.format(x) }}|{{ x|string }}|{{ x|list }}|{{ x|join }}|{{ x|upper }}|{{ x|first }}|{{ x|sort }}|{{ x|sum }}|{{ x|unique|list }}|{{ x|reverse|list }}|{{ x|safe }}|{{ x|trim }}|{{ x|truncate(5) }}|{{ x|center(3) }}|{{ x|last }}|{{ x|max }}|{{ x|batch(2)|list }}|{{ x|wordcount }}|{{ x|select|list }}", "||[]||||[]|0|[]|[]||||   |||[]|0|[]")]
    [InlineData("{{ d.missing }}|{{ msgs[9] }}|{{ d['missing'] is defined }}|{{ n is defined }}|{{ nums|first if false }}", "||False|True|")]
    public void Lenient(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>What it does not: Jinja's UndefinedError message and the line.</summary>
    [Theory]
    [InlineData("{{ undefinedthing + 1 }}", "UndefinedError", "'undefinedthing' is undefined", 1)]
    [InlineData("{{ undefinedthing.attr }}", "UndefinedError", "'undefinedthing' is undefined", 1)]
    [InlineData("{{ d.nokey.x }}", "UndefinedError", "'dict object' has no attribute 'nokey'", 1)]
    [InlineData("{{ msgs[5].role }}", "UndefinedError", "list object has no element 5", 1)]
    [InlineData("{{ none.x.y }}", "UndefinedError", "'None' has no attribute 'x'", 1)]
    [InlineData("{{ undefinedthing[0] }}", "UndefinedError", "'undefinedthing' is undefined", 1)]
    [InlineData("{{ undefinedthing() }}", "UndefinedError", "'undefinedthing' is undefined", 1)]
    [InlineData("{{ undefinedthing < 1 }}", "UndefinedError", "'undefinedthing' is undefined", 1)]
    [InlineData("{{ -undefinedthing }}", "UndefinedError", "'undefinedthing' is undefined", 1)]
    [InlineData("{{ 'x' * undefinedthing }}", "UndefinedError", "'undefinedthing' is undefined", 1)]
    [InlineData("{{ undefinedthing|int }}", "UndefinedError", "'undefinedthing' is undefined", 1)]
    [InlineData("{{ undefinedthing is odd }}", "UndefinedError", "'undefinedthing' is undefined", 1)]
    [InlineData("{{ undefinedthing|round }}", "TypeError", "type Undefined doesn't define __round__ method", 1)]
    [InlineData("line 1\n{{ 'a' + x }}", "UndefinedError", "'x' is undefined", 2)]
    public void Strict(string template, string kind, string reason, int line) =>
        JinjaFixture.AssertRuntimeError(template, kind, reason, line);
}
