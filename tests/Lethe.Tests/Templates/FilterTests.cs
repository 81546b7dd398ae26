using Xunit;

namespace Lethe.Tests.Templates;

// Expected values were produced by Python Jinja2 3.1.6 configured as transformers' apply_chat_template
// (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, json.dumps tojson) with the
// variables in JinjaFixture.Variables.

/// <summary>Jinja's built-in filters, with transformers' tojson.</summary>
public class FilterTests
{
    /// <summary>Text filters.</summary>
    [Theory]
    [InlineData("{{ s|length }}|{{ s|upper }}|{{ s|lower }}|{{ s|title }}|{{ s|capitalize }}|{{ s|reverse }}", "13|H\u00c9LLO W\u00d6RLD \U0001f600|h\u00e9llo w\u00f6rld \U0001f600|H\u00e9llo W\u00f6rld \U0001f600|H\u00e9llo w\u00f6rld \U0001f600|\U0001f600 dlr\u00f6W oll\u00e9h")]
    [InlineData("{{ '  x  '|trim }}|{{ 'xxaxx'|trim('x') }}|{{ ' \\n\\t a\\u3000'|trim }}|{{ 'Hello World'|replace('o', '0') }}|{{ 'aaa'|replace('a', 'b', 2) }}", "x|a|a|Hell0 W0rld|bba")]
    [InlineData("{{ 'hello-world foo(bar) [x]'|title }}|{{ \"they're bill's\"|title }}|{{ 'hELLO wORLD'|capitalize }}|{{ 'one two  three'|wordcount }}", "Hello-World Foo(Bar) [X]|They're Bill's|Hello world|3")]
    [InlineData("{{ 'hello'|center(11) }}|{{ 'hi'|center(5) }}|{{ 'x'|center(4) }}|{{ 'abc'|center }}", "   hello   |  hi | x  |                                      abc                                       ")]
    [InlineData("{{ \"line1\\nline2\\n\\nline4\"|indent }}|{{ \"line1\\nline2\"|indent(2, true) }}|{{ \"a\\n\\nb\"|indent(2, blank=true) }}|{{ \"a\\nb\"|indent('>>') }}|{{ ''|indent }}|{{ 'x\\n'|indent }}", "line1\n    line2\n\n    line4|  line1\n  line2|a\n  \n  b|a\n>>b||x\n")]
    [InlineData("{{ 'hello world foo bar'|truncate(9) }}|{{ 'hello world foo bar'|truncate(9, true) }}|{{ 'hello'|truncate(3, end='') }}|{{ 'foo bar baz qux'|truncate(11, False, '...', 0) }}|{{ 'abcdefghijklmnop'|truncate(12, leeway=0) }}", "hello...|hello ...|hello|foo bar...|abcdefghi...")]
    [InlineData("{{ '%s-%d'|format('a', 3) }}|{{ \"%(a)s and %(b)d\"|format(a='x', b=2) }}", "a-3|x and 2")]
    [InlineData("{{ '\u00e9t\u00e9'|upper }}|{{ '\u00df'|upper }}|{{ '\u0130'|lower }}|{{ '\u039f\u0394\u039f\u03a3 \u03a3\u0391\u03a3'|lower }}|{{ '\ufb01ne stra\u00dfe'|title }}|{{ '\u01c6emal'|capitalize }}", "\u00c9T\u00c9|SS|i\u0307|\u03bf\u03b4\u03bf\u03c2 \u03c3\u03b1\u03c2|FIne Stra\u00dfe|\u01c5emal")]
    [InlineData("{{ '<a href=\"x\">&</a>'|e }}{{ '<'|safe }}{{ ('<'|e)|e }}{{ '<'|forceescape }}|{{ 'a'|safe + '<' }}|{{ '<b>'|escape ~ '<' }}", "&lt;a href=&#34;x&#34;&gt;&amp;&lt;/a&gt;<&lt;&lt;|a&lt;|&lt;b&gt;<")]
    public void StringFilters(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>List and dict filters; map/select/reject/unique return one-shot generators, as in Jinja.</summary>
    [Theory]
    [InlineData("{{ nums|first }}|{{ nums|last }}|{{ e|first }}|{{ nums|join(',') }}|{{ nums|join }}|{{ users|join(', ', attribute='name') }}|{{ [none, true, 1.5]|join(' ') }}", "3|2||3,1,2|312|x, y, z|None True 1.5")]
    [InlineData("{{ nums|length }}|{{ d|count }}|{{ nums|list }}|{{ 'ab'|list }}|{{ d|list }}|{{ 'abc'|first }}|{{ 'abc'|last }}|{{ d|first }}|{{ d|last }}", "3|4|[3, 1, 2]|['a', 'b']|['b', 'a', 'c', 'k']|a|c|b|k")]
    [InlineData("{{ nums|sort }}|{{ nums|sort(reverse=true) }}|{{ words|sort }}|{{ words|sort(case_sensitive=true) }}|{{ users|sort(attribute='age')|map(attribute='name')|list }}|{{ users|sort(attribute='city,age')|map(attribute='name')|list }}", "[1, 2, 3]|[3, 2, 1]|['A', 'a', 'b', 'c']|['A', 'a', 'b', 'c']|['y', 'z', 'x']|['y', 'z', 'x']")]
    [InlineData("{{ words|unique|list }}|{{ words|unique(case_sensitive=true)|list }}|{{ users|unique(attribute='city')|map(attribute='name')|list }}|{{ nums|reverse|list }}|{{ (1, 2)|reverse|list }}", "['b', 'A', 'c']|['b', 'A', 'c', 'a']|['x', 'y']|[2, 1, 3]|[2, 1]")]
    [InlineData("{{ nums|max }}|{{ nums|min }}|{{ words|max }}|{{ words|min(case_sensitive=true) }}|{{ users|max(attribute='age') }}|{{ []|max }}|{{ nums|sum }}|{{ users|sum(attribute='age') }}|{{ [1,2,3]|sum(start=10) }}|{{ [[1], [2]]|sum(start=[]) }}", "3|1|c|A|{'name': 'x', 'age': 3, 'city': 'NY'}||6|6|16|[1, 2]")]
    [InlineData("{{ users|selectattr('age', 'gt', 1)|map(attribute='name')|list }}|{{ users|rejectattr('age', 'gt', 1)|map(attribute='name')|join }}|{{ nums|select('odd')|list }}|{{ nums|reject('odd')|list }}|{{ [0, 1, '', 'a', none]|select|list }}|{{ msgs|selectattr('tool_calls')|list|length }}|{{ msgs|selectattr('role', 'equalto', 'user')|list|length }}", "['x', 'z']|y|[3, 1]|[2]|[1, 'a']|1|1")]
    [InlineData("{{ users|map(attribute='name')|map('upper')|list }}|{{ users|map(attribute='nope', default='D')|list }}|{{ [1,2,3]|map('string')|join('-') }}|{{ ['a']|map('replace', 'a', 'b')|list }}|{{ [[1,2],[3]]|map('length')|list }}", "['X', 'Y', 'Z']|['D', 'D', 'D']|1-2-3|['b']|[2, 1]")]
    [InlineData("{{ d|dictsort }}|{{ d|dictsort(reverse=true) }}|{{ {'b': 1, 'a': 2}|dictsort(false, 'value') }}|{{ {'B': 1, 'a': 2}|dictsort(true) }}", "[('a', [1, 2.5]), ('b', 1), ('c', None), ('k', 'v')]|[('k', 'v'), ('c', None), ('b', 1), ('a', [1, 2.5])]|[('b', 1), ('a', 2)]|[('B', 1), ('a', 2)]")]
    [InlineData("{% for g in users|groupby('city') %}{{ g.grouper }}:{{ g.list|map(attribute='name')|join }};{% endfor %}|{% for city, us in users|groupby('city', case_sensitive=true) %}{{ city }}{% endfor %}", "ca:yz;NY:x;|CANYca")]
    [InlineData("{{ nums|batch(2)|list }}|{{ nums|batch(2, 'x')|list }}|{{ [1,2,3,4,5]|slice(2)|list }}|{{ [1,2,3,4]|slice(3, 0)|list }}", "[[3, 1], [2]]|[[3, 1], [2, 'x']]|[[1, 2, 3], [4, 5]]|[[1, 2], [3, 0], [4, 0]]")]
    [InlineData("{{ d|items|list }}|{{ undefinedthing|items|list }}|{% set g = nums|select('odd') %}{% for x in g %}{{ x }}{% endfor %}|{% for x in g %}{{ x }}{% endfor %}|{% if e|select('odd') %}generators are true{% endif %}", "[('b', 1), ('a', [1, 2.5]), ('c', None), ('k', 'v')]|[]|31||generators are true")]
    public void SequenceFilters(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>int, float, abs, round (half to even), string, attr.</summary>
    [Theory]
    [InlineData("{{ '42'|int + 1 }}|{{ '4.5'|float }}|{{ 'x'|int }}|{{ '42.7'|int }}|{{ 3.9|int }}|{{ 'x'|float }}|{{ -3|abs }}|{{ -2.5|abs }}|{{ '0x1F'|int(base=16) }}|{{ '0b101'|int(0, 2) }}|{{ 'x'|int(default=9) }}|{{ 'x'|float(9.5) }}", "43|4.5|0|42|3|0.0|3|2.5|31|5|9|9.5")]
    [InlineData("{{ ' 12 '|int }}{{ '1_000'|int }}{{ '0x10'|int }}{{ '0x10'|int(base=0) }}{{ '1e3'|int }}{{ '1e3'|float }}{{ 'inf'|float }}{{ true|int }}{{ none|int }}{{ none|float }}{{ '-5'|int }}{{ '.5'|float }}", "12100001610001000.0inf100.0-50.5")]
    [InlineData("{{ 2.5|round }}|{{ 3.5|round }}|{{ 2.675|round(2) }}|{{ 42.55|round(1, 'floor') }}|{{ 42.55|round(1, 'ceil') }}|{{ 5|round }}|{{ 1.25|round(1) }}|{{ 1234.5|round(-2) }}|{{ 1250|round(-2) }}|{{ 7|round(0, 'ceil') }}", "2.0|4.0|2.67|42.5|42.6|5|1.2|1200.0|1200|7.0")]
    [InlineData("{{ 3|string }}|{{ none|string }}|{{ [1]|string }}|{{ 5|attr('real') }}|{{ d|attr('b') }}|{{ d|attr('items') is callable }}", "3|None|[1]|5||True")]
    public void NumberFilters(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>default replaces undefined (and, with true, any false value).</summary>
    [Theory]
    [InlineData("{{ undefinedthing|default('dft') }}|{{ ''|default('dft') }}|{{ ''|default('dft', true) }}|{{ n|default('dft') }}|{{ undefinedthing|d }}|{{ d.zz|default(d.k) }}", "dft||dft|None||v")]
    public void Default(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>Filter failures: Python's message and the template line.</summary>
    [Theory]
    [InlineData("{{ nums|map('string')|length }}", "TypeError", "object of type 'generator' has no len()", 1)]
    [InlineData("{{ nums|map('string')|last }}", "TypeError", "'generator' object is not reversible", 1)]
    [InlineData("{{ 'abc'|truncate(2) }}", "AssertionError", "expected length >= 3, got 2", 1)]
    [InlineData("{{ d|dictsort(by='nope') }}", "FilterArgumentError", "You can only sort by either \"key\" or \"value\"", 1)]
    [InlineData("{{ 5|items|list }}", "TypeError", "Can only get item pairs from a mapping.", 1)]
    [InlineData("{{ undefinedthing|indent }}", "UndefinedError", "'undefinedthing' is undefined", 1)]
    [InlineData("{% if true %}\n{{ x|nosuchfilter }}{% endif %}", "TemplateRuntimeError", "No filter named 'nosuchfilter' found.", 2)]
    public void FilterErrors(string template, string kind, string reason, int line) =>
        JinjaFixture.AssertRuntimeError(template, kind, reason, line);
}
