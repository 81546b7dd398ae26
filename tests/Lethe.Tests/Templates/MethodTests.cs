using Xunit;

namespace Lethe.Tests.Templates;

// Expected values were produced by Python Jinja2 3.1.6 configured as transformers' apply_chat_template
// (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, json.dumps tojson) with the
// variables in JinjaFixture.Variables.

/// <summary>Python str, dict and list methods callable from templates, and string formatting.</summary>
public class MethodTests
{
    /// <summary>str methods, as Qwen-style templates use them.</summary>
    [Theory]
    [InlineData("{{ s.upper() }}|{{ s.split() }}|{{ 'a,b,,c'.split(',') }}|{{ 'a,b,c'.split(',', 1) }}|{{ 'a,b,c'.rsplit(',', 1) }}|{{ '  a  b  '.split() }}|{{ '  a  b  '.split(none, 1) }}|{{ 'x\\ny\\r\\nz'.splitlines() }}|{{ 'x\\ny'.splitlines(true) }}", "H\u00c9LLO W\u00d6RLD \U0001f600|['h\u00e9llo', 'W\u00f6rld', '\U0001f600']|['a', 'b', '', 'c']|['a', 'b,c']|['a,b', 'c']|['a', 'b']|['a', 'b  ']|['x', 'y', 'z']|['x\\n', 'y']")]
    [InlineData("{{ s.startswith('h') }}|{{ s.endswith(('x', '\U0001f600')) }}|{{ s.find('l') }}|{{ s.rfind('l') }}|{{ s.count('l') }}|{{ 'abc'.find('c', 1, 2) }}|{{ 'abcabc'.count('bc', 2) }}|{{ 'abc'.startswith('b', 1) }}", "True|True|2|9|3|-1|1|True")]
    [InlineData("{{ ' x '.strip() }}|{{ ' x '.lstrip() }}|{{ ' x '.rstrip() }}|{{ 'xax'.strip('x') }}|{{ 'a-b'.replace('-', '+') }}|{{ 'ab'.replace('', '.') }}|{{ ','.join(['a', 'b']) }}", "x|x | x|a|a+b|.a.b.|a,b")]
    [InlineData("{{ 'hello world'.title() }}|{{ 'hELLO'.capitalize() }}|{{ 'ab'.center(6, '*') }}|{{ 'ab'.ljust(4, '.') }}|{{ 'ab'.rjust(4) }}|{{ '5'.zfill(3) }}|{{ '-5'.zfill(4) }}|{{ 'Ab'.swapcase() }}|{{ 'ABC'.lower() }}|{{ 'abc'.casefold() }}", "Hello World|Hello|**ab**|ab..|  ab|005|-005|aB|abc|abc")]
    [InlineData("{{ 'a=b=c'.partition('=') }}|{{ 'a=b=c'.rpartition('=') }}|{{ 'abc'.partition('z') }}|{{ 'pre_x'.removeprefix('pre_') }}|{{ 'x.txt'.removesuffix('.txt') }}|{{ 'abc'.index('c') }}", "('a', '=', 'b=c')|('a=b', '=', 'c')|('abc', '', '')|x|x|2")]
    [InlineData("{{ 'abc'.isalpha() }}|{{ '123'.isdigit() }}|{{ ' '.isspace() }}|{{ 'ab1'.isalnum() }}|{{ 'Ab'.istitle() }}|{{ 'ab'.islower() }}|{{ 'AB'.isupper() }}|{{ ''.isalpha() }}", "True|True|True|True|True|True|True|False")]
    [InlineData("{% set content = 'x<think>\\nwhy\\n</think>\\n\\nans' %}{{ content.split('</think>')[-1].lstrip('\\n') }}|{{ content.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') }}", "ans|why")]
    public void StringMethods(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>dict.get/keys/values/items, list.index/count, and the globals range, dict, cycler, joiner.</summary>
    [Theory]
    [InlineData("{{ d.get('b') }}|{{ d.get('zz') }}|{{ d.get('zz', 5) }}|{{ d.keys()|list }}|{{ d.values()|list|length }}|{{ nums.index(2) }}|{{ nums.count(3) }}|{{ d.copy() }}|{{ (1, 2).index(2) }}", "1|None|5|['b', 'a', 'c', 'k']|4|2|1|{'b': 1, 'a': [1, 2.5], 'c': None, 'k': 'v'}|1")]
    [InlineData("{% for x in d.values() %}{{ x }},{% endfor %}|{{ {'a':1}.items()|list }}|{{ (d|items|list)[0] }}", "1,[1, 2.5],None,v,|[('a', 1)]|('b', 1)")]
    [InlineData("{{ range(0) }}{{ range(2, 5) }}{{ range(-3)|list }}|{{ range(1, 10, 3)|list }}|{{ range(5, 0, -2)|list }}|{{ dict(a=1, b=2) }}|{{ dict([('x', 1)]) }}|{{ dict({'a': 1}, b=2) }}", "range(0, 0)range(2, 5)[]|[1, 4, 7]|[5, 3, 1]|{'a': 1, 'b': 2}|{'x': 1}|{'a': 1, 'b': 2}")]
    [InlineData("{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.next() }}{{ c.next() }}{{ c.current }}{% set _ = c.reset() %}{{ c.next() }}|{% set j = joiner('|') %}{% for x in nums %}{{ j() }}{{ x }}{% endfor %}", "ababa|3|1|2")]
    public void CollectionMethods(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>printf-style % and str.format.</summary>
    [Theory]
    [InlineData("{{ '%s-%d-%05.2f|%r|%x|%5s|%-5s|%%|%c|%o|%#x|%e|%g|%G|%10.3e' % ('a', 3, 3.14159, 'b', 255, 'r', 'l', 65, 8, 255, 12345.678, 0.00001234, 1e20, 1234.5) }}", "a-3-03.14|'b'|ff|    r|l    |%|A|10|0xff|1.234568e+04|1.234e-05|1E+20| 1.234e+03")]
    [InlineData("{{ '%.3s' % 'abcdef' }}|{{ '%+d % d' % (5, 5) }}|{{ '%s' % [1, 'a'] }}|{{ '%s' % none }}|{{ '%(a)s' % {'a': 1, 'b': 2} }}|{{ '%s' % undefinedthing }}|{{ '%.1f%%' % 99.95 }}", "abc|+5  5|[1, 'a']|None|1||100.0%")]
    [InlineData("{{ '{} and {}'.format(1, 'a') }}|{{ '{0}{1}{0}'.format('a', 'b') }}|{{ '{x}!'.format(x=5) }}|{{ '{:>6}|{:<6}|{:^6}|{:*^7}'.format('a','b','c','d') }}", "1 and a|aba|5!|     a|b     |  c   |***d***")]
    [InlineData("{{ '{:.2f}|{:08.3f}|{:+d}|{:,}|{:x}|{:#b}|{:e}|{:%}'.format(3.14159, 2.5, 5, 1234567, 255, 5, 12345.678, 0.25) }}|{{ '{!r}|{!s}'.format('a', 'b') }}|{{ '{0[0]}|{1.b}|{1[k]}'.format(nums, d) }}|{{ '{:g}|{}|{:.3}|{:10}|{:<10}|'.format(1.5, 2.5, 3.14159, 5, 2.5) }}", "3.14|0002.500|+5|1,234,567|ff|0b101|1.234568e+04|25.000000%|'a'|b|3|1|v|1.5|2.5|3.14|         5|2.5       |")]
    public void Formatting(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>Method failures: Python's message and the template line.</summary>
    [Theory]
    [InlineData("{{ 'abc'.index('z') }}", "ValueError", "substring not found", 1)]
    [InlineData("{{ \"%s\" % (1, 2) }}", "TypeError", "not all arguments converted during string formatting", 1)]
    [InlineData("{{ \"{:d}\".format(3.5) }}", "ValueError", "Unknown format code 'd' for object of type 'float'", 1)]
    [InlineData("{{ range(200000) }}", "OverflowError", "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).", 1)]
    [InlineData("{{ 'abc'() }}", "TypeError", "'str' object is not callable", 1)]
    public void MethodErrors(string template, string kind, string reason, int line) =>
        JinjaFixture.AssertRuntimeError(template, kind, reason, line);
}
