using Xunit;

namespace Lethe.Tests.Templates;

// Expected values were produced by Python Jinja2 3.1.6 configured as transformers' apply_chat_template
// (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, json.dumps tojson) with the
// variables in JinjaFixture.Variables.

/// <summary>Literals, operators and their precedence, and how values print (Python's str()).</summary>
public class ExpressionTests
{
    /// <summary>String escapes follow Python's unicode-escape; numbers follow Jinja's lexer.</summary>
    [Theory]
    [InlineData("{{ \"a\\nb\\tc\\u00e9\\x41\\101\" }}", "a\nb\tc\u00e9AA")]
    [InlineData("{{ '\\101\\u00e9\\U0001F600' }}|{{ \"\\'\" }}{{ '\\\"' }}|{{ 'a\\\nb' }}|{{ 'x\\d' }}|{{ '\u00e9\\\u00e9' }}", "A\u00e9\U0001f600|'\"|ab|x\\d|\u00e9\\xe9")]
    [InlineData("{{ 'a' 'b' }}|{{ 1e3 }}|{{ 1.5e-7 }}|{{ 0x1F }}|{{ 0o17 }}|{{ 0b101 }}|{{ 1_000 }}|{{ 1_0.0_1 }}|{{ 00 }}", "ab|1000.0|1.5e-07|31|15|5|1000|10.01|0")]
    [InlineData("{{ true }}{{ True }}{{ false }}{{ none }}{{ None }}", "TrueTrueFalseNoneNone")]
    [InlineData("{{ [1, 2,] }}{{ {'a': 1,} }}{{ (1, 2,) }}{{ (1,) }}{{ () }}{{ [] }}{{ {} }}", "[1, 2]{'a': 1}(1, 2)(1,)()[]{}")]
    [InlineData("{{ {'a': {'b': [1, (2, 3)]}} }}|{{ '{% not a tag %}' }}|{{ \"}}\" }}", "{'a': {'b': [1, (2, 3)]}}|{% not a tag %}|}}")]
    public void Literals(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>Printing a value is Python's str(): True, None, 2.5, 1e-05, ['a'], {'k': 1}, ('a',).</summary>
    [Theory]
    [InlineData("{{ n }}|{{ t }}|{{ (1,) }}|{{ (1,'a') }}|{{ {'a': (1, 2)} }}|{{ [\"it's\", 'say \"x\"', 'both \\' \"', '\\n\\t\\\\'] }}", "None|True|(1,)|(1, 'a')|{'a': (1, 2)}|[\"it's\", 'say \"x\"', 'both \\' \"', '\\n\\t\\\\']")]
    [InlineData("{{ fl }}", "[1.0, 0.1, 1e-05, 1e+16, 123456.789, -0.0, 1e+22, 2.5e-07]")]
    [InlineData("{{ [1.0, 1e-05, 1e16, 1.5e300, 0.1+0.2, 100.0/3, -0.0, 12345678901234567.0, 1e22, 0.0001] }}", "[1.0, 1e-05, 1e+16, 1.5e+300, 0.30000000000000004, 33.333333333333336, -0.0, 1.2345678901234568e+16, 1e+22, 0.0001]")]
    [InlineData("{{ 1.0 / 3 }}|{{ 2/3 }}|{{ 1e300 * 1e10 }}|{{ -1e300 * 1e10 }}|{{ 0.1 * 3 }}|{{ 5e-324 }}|{{ 1.7976931348623157e308 }}|{{ 1234567890123456789.0 }}|{{ 1e15 }}|{{ 1e16 }}|{{ 123e-20 }}", "0.3333333333333333|0.6666666666666666|inf|-inf|0.30000000000000004|5e-324|1.7976931348623157e+308|1.2345678901234568e+18|1000000000000000.0|1e+16|1.23e-18")]
    [InlineData("{{ [s, 'a\\x01\\x7f\\u200b\\u00a0'] }}|{{ d }}|{{ msgs[2] }}|{{ users[0] }}", "['h\u00e9llo W\u00f6rld \U0001f600', 'a\\x01\\x7f\\u200b\\xa0']|{'b': 1, 'a': [1, 2.5], 'c': None, 'k': 'v'}|{'role': 'assistant', 'content': 'Hello', 'tool_calls': [{'function': {'name': 'f', 'arguments': {'a': 1, 'b': [1, 2.5, None, True]}}}]}|{'name': 'x', 'age': 3, 'city': 'NY'}")]
    [InlineData("{{ d.keys() }}|{{ d.values() }}|{{ d.items() }}|{{ range(3) }}|{{ range(1, 9, 2) }}|{{ namespace(a=1) }}", "dict_keys(['b', 'a', 'c', 'k'])|dict_values([1, [1, 2.5], None, 'v'])|dict_items([('b', 1), ('a', [1, 2.5]), ('c', None), ('k', 'v')])|range(0, 3)|range(1, 9, 2)|<Namespace {'a': 1}>")]
    [InlineData("{{ 'ab' ~ 1.0 ~ [none] ~ {'a': true} ~ n ~ t }}", "ab1.0[None]{'a': True}NoneTrue")]
    public void PythonStr(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>Python arithmetic: true division gives floats, // and % floor, ** is left-associative in Jinja.</summary>
    [Theory]
    [InlineData("{{ 1 + 2 * 3 - 4 / 2 }}|{{ 7 // 2 }}|{{ -7 // 2 }}|{{ 7 % 3 }}|{{ -7 % 3 }}|{{ 2 ** 10 }}|{{ 2 ** 3 ** 2 }}|{{ 7.5 // 2 }}|{{ -7.5 % 2 }}|{{ 2 ** -1 }}", "5.0|3|-4|1|2|1024|64|3.0|0.5|0.5")]
    [InlineData("{{ 'abc' * 2 }}|{{ [1] * 3 }}|{{ [1, 2] + [3] }}|{{ (1,) + (2,) }}|{{ 'a' + 'b' }}|{{ true + 1 }}|{{ 3 * true }}|{{ 'x' * -1 }}|{{ 2 * 'ab' }}", "abcabc|[1, 1, 1]|[1, 2, 3]|(1, 2)|ab|2|3||abab")]
    [InlineData("{{ -i }}|{{ +i }}|{{ -f|abs }}|{{ - -1 }}|{{ -neg }}|{{ 10 - 2 - 3 }}|{{ 2 * 3 % 4 }}|{{ big * 1000 }}|{{ 9223372036854775807 }}", "-7|7|2.5|1|3|5|2|12345678901234000|9223372036854775807")]
    public void Arithmetic(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>Filters and tests bind tighter than any operator; 'not' is lower than comparisons.</summary>
    [Theory]
    [InlineData("{{ 'a' + msgs[0].content | trim + 'b' }}", "aBe brief.b")]
    [InlineData("{{ 1 ~ 2 * 3 }}|{{ 'a' + 'b' ~ 'c' }}|{{ (1 + 2) ~ 3 }}|{{ not true or true }}|{{ not (true or true) }}|{{ true and false or true }}", "16|abc|33|True|False|True")]
    [InlineData("{{ msgs|length - 1 }}|{{ -1|abs }}|{{ nums|first + 1 }}|{{ 2 * nums|length }}", "2|1|4|6")]
    [InlineData("{{ 'a' if true else 'b' if true else 'c' }}|{{ 'a' if false else 'b' if false else 'c' }}|{{ ('x' if false) ~ 'y' }}|{{ 'y' if n }}", "a|c|y|")]
    [InlineData("{{ i > 5 and i < 10 }}|{{ i or 0 }}|{{ n or 'default' }}|{{ 0 and 1 }}|{{ not n }}|{{ not i is none }}|{{ n is not none }}", "True|7|default|0|True|True|False")]
    public void Precedence(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>== compares by value across int/float/bool; 'in' tests substrings, dict keys and list items.</summary>
    [Theory]
    [InlineData("{% if 1 < 2 < 3 %}y{% endif %}{% if 3 > 2 > 2 %}n{% endif %}{{ 1 == 1.0 }}{{ 'a' < 'b' }}{{ [1,2] < [1,3] }}{{ (1,2) == [1,2] }}{{ none == none }}{{ undefinedthing == undefinedthing2 }}", "yTrueTrueTrueFalseTrueTrue")]
    [InlineData("{{ [1, 2] == [1, 2] }}{{ [1, 2] != (1, 2) }}{{ {'a': 1, 'b': 2} == {'b': 2, 'a': 1} }}{{ none == undefinedthing }}{{ 0 == false }}{{ 1.5 > 1 }}{{ [] < [1] }}{{ 'B' < 'a' }}{{ 2 >= 2.0 }}{{ 1 != 1 }}", "TrueTrueTrueFalseTrueTrueTrueTrueTrueFalse")]
    [InlineData("{{ 'x' in s }}|{{ 'q' in s }}|{{ 'b' in d }}|{{ 'zz' not in d }}|{{ 1 in [1, 2] }}|{{ 1.0 in [1] }}|{{ true in [1] }}|{{ 1 in undefinedthing }}|{{ 'k' in d.keys() }}|{{ none in [none] }}|{{ ('a',) in [('a',)] }}", "False|False|True|True|True|True|True|False|True|True|True")]
    public void Comparisons(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>x.key and x['key'] both read dict keys; a missing key or index is undefined (prints nothing).</summary>
    [Theory]
    [InlineData("{{ d.nokey }}|{{ d.nokey is defined }}|{{ d['nokey'] }}|{{ d.b }}|{{ d['b'] }}", "|False||1|1")]
    [InlineData("{{ msgs[5] }}|{{ msgs[-1].role }}|{{ msgs[0]['role'] }}|{{ users.0.name }}|{{ msgs[2].tool_calls[0].function.arguments.b[1] }}", "|assistant|system|x|2.5")]
    [InlineData("{{ s[::-1] }}|{{ s[1:3] }}|{{ s[-1] }}|{{ nums[::2] }}|{{ nums[-2:] }}|{{ s[:3] }}|{{ [1,2,3][5:] }}|{{ (1,2,3)[1:] }}|{{ 'abc'[1:] }}{{ 'abc'[:-1] }}", "\U0001f600 dlr\u00f6W oll\u00e9h|\u00e9l|\U0001f600|[3, 2]|[1, 2]|h\u00e9l|[]|(2, 3)|bcab")]
    [InlineData("{{ 'abc'['x'] }}|{{ [1]['x'] }}|{{ {'a':1}[0] }}|{{ 5[0] }}|{{ none.x }}|{{ (1).real }}{{ 2.5.imag }}", "|||||10.0")]
    [InlineData("{% set messages = msgs[1:] %}{{ messages|length }}{% for m in msgs[::-1] %}{{ m.role }}{% endfor %}", "2assistantusersystem")]
    public void Access(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));
}
