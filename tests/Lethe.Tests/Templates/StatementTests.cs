using Xunit;

namespace Lethe.Tests.Templates;

// Expected values were produced by Python Jinja2 3.1.6 configured as transformers' apply_chat_template
// (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, json.dumps tojson) with the
// variables in JinjaFixture.Variables.

/// <summary>Every statement tag: if, for, set, macro, call, filter, with, generation, print, break/continue.</summary>
public class StatementTests
{
    /// <summary>if / elif / else, Python truthiness; an if-block shares its enclosing scope.</summary>
    [Theory]
    [InlineData("{% if x is undefined %}u{% elif true %}e{% else %}z{% endif %}{% if false %}{% elif false %}{% else %}else{% endif %}", "uelse")]
    [InlineData("{% if msgs %}some{% endif %}{% if e %}no{% else %}empty{% endif %}{% if 0.0 %}x{% elif '' %}y{% elif ed %}z{% else %}falsy{% endif %}", "someemptyfalsy")]
    [InlineData("{% if true %}{% set x = 1 %}{% endif %}{{ x }}", "1")]
    public void If(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>for loops: else, inline filter, unpacking, dicts iterate keys, loop variables, recursive loops.</summary>
    [Theory]
    [InlineData("{% for m in msgs %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.depth }}{{ loop.depth0 }}|{% endfor %}", "1032TrueFalse310|2121FalseFalse310|3210FalseTrue310|")]
    [InlineData("{% for m in nums %}[{{ loop.previtem }},{{ loop.nextitem }},{{ loop.cycle('a','b') }}]{% endfor %}", "[,1,a][3,2,b][1,,a]")]
    [InlineData("{% for x in [1,1,2,2,1] %}{{ loop.changed(x) }}{% endfor %}", "TrueFalseTrueFalseTrue")]
    [InlineData("{% for x in nums if x > 1 %}{{ x }}{{ loop.index }}/{{ loop.length }} {% else %}none{% endfor %}|{% for x in e %}x{% else %}empty{% endfor %}", "31/2 22/2 |empty")]
    [InlineData("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}|{% for k in d %}{{ k }}{% endfor %}|{% for c in 'abc' %}{{ c }}{% endfor %}|{% for k, v in d|items %}{{ k }}{% endfor %}|{% for k, v in d|dictsort %}{{ k }}{% endfor %}", "b=1;a=[1, 2.5];c=None;k=v;|back|abc|back|abck")]
    [InlineData("{% for x in nums %}{% if x == 1 %}{% continue %}{% endif %}{% if x == 2 %}{% break %}{% endif %}{{ x }}{% endfor %}", "3")]
    [InlineData("{% for x in [1,2] %}{% for y in [3,4] %}{% if y == 4 %}{% break %}{% endif %}{{ x }}{{ y }}{% endfor %}{% endfor %}", "1323")]
    [InlineData("{% for i in range(3) %}{% for j in range(2) %}{{ loop.index }}{% endfor %}{{ loop.index }};{% endfor %}", "121;122;123;")]
    [InlineData("{% for a, (b, c) in [(1, (2, 3))] %}{{ a }}{{ b }}{{ c }}{% endfor %}", "123")]
    [InlineData("{% for item in [{'c': [{'c': []}, {'c': []}]}, {'c': []}] recursive %}[{{ loop.depth }}{{ loop(item.c) }}]{% endfor %}", "[1[2][2]][1]")]
    [InlineData("{% for x in [] %}{% else %}{% set y = 1 %}{% endfor %}[{{ y }}]", "[]")]
    [InlineData("{% for x in [1,2,3] if x != 2 %}{{ loop.index }}{{ loop.last }}{% endfor %}", "1False2True")]
    [InlineData("{% for x in undefinedthing %}x{% else %}empty{% endfor %}", "empty")]
    public void For(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>A for iteration, with-block and macro get their own scope; only namespace attributes carry state out.</summary>
    [Theory]
    [InlineData("{% set x = 1 %}{% for i in [1,2] %}{{ x }}{% set x = x + 1 %}{{ x }}{% endfor %}{{ x }}", "12121")]
    [InlineData("{% for i in [1,2] %}{% if i == 2 %}[{{ y }}]{% endif %}{% set y = i %}{% endfor %}", "[]")]
    [InlineData("{% set ns = namespace(found=false, count=0) %}{% for m in msgs %}{% set ns.count = ns.count + 1 %}{% if m.role == 'assistant' %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.found }}{{ ns.count }}{{ ns }}", "True3<Namespace {'found': True, 'count': 3}>")]
    [InlineData("{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}[{{ a }}]", "3[]")]
    [InlineData("{% with %}{% set x = 1 %}{% endwith %}[{{ x }}]", "[]")]
    [InlineData("{% for x in nums %}{% set nums = [9] %}{{ nums }}{% endfor %}{{ nums }}", "[9][9][9][3, 1, 2]")]
    public void Scoping(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>set: names, tuples, namespace attributes, and block set with filters.</summary>
    [Theory]
    [InlineData("{% set a, b = 1, 2 %}{{ a }}{{ b }}{% set c = 1, 2 %}{{ c }}", "12(1, 2)")]
    [InlineData("{% set x %}  block {{ i }} {% endset %}[{{ x }}]{% set y | upper | trim %} yo {% endset %}[{{ y }}]", "[  block 7 ][YO]")]
    [InlineData("{% set ns = namespace() %}{% set ns.items = [1] %}{{ ns.items }}{% set ns.x = ns.items + [2] %}{{ ns.x }}[{{ ns.missing }}]{{ ns['x'] }}", "[1][1, 2][][1, 2]")]
    [InlineData("{% set n2 = namespace({'a': 1}, b=2) %}{{ n2.a }}{{ n2.b }}", "12")]
    [InlineData("{% set x = [1, 2] %}{% set y = x + [3] %}{{ x }}{{ y }}", "[1, 2][1, 2, 3]")]
    [InlineData("{% set t = \"You are\" + ' X' %}{{ t }}{{ t|length }}", "You are X9")]
    public void Set(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>Macros: defaults (evaluated at call time), varargs/kwargs, recursion, call blocks with caller().</summary>
    [Theory]
    [InlineData("{% macro m(a, b='B', c=a~'!') %}[{{ a }}{{ b }}{{ c }}]{% endmacro %}{{ m(1) }}{{ m(1, 2) }}{{ m(a=3, c=4) }}{{ m() }}", "[1B1!][121!][3B4][B!]")]
    [InlineData("{% macro m(x) %}{{ x }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, y=4) }}", "1(2, 3){'y': 4}")]
    [InlineData("{% macro f(n) %}{% if n > 0 %}{{ n }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(5) }}", "54321")]
    [InlineData("{% macro list(items) %}<ul>{% for i in items %}<li>{{ caller(i) }}</li>{% endfor %}</ul>{% endmacro %}{% call(item) list([1,2]) %}*{{ item }}*{% endcall %}", "<ul><li>*1*</li><li>*2*</li></ul>")]
    [InlineData("{% macro m(a) %}{{ caller() }}{% endmacro %}{% call m(1) %}X{% endcall %}|{% macro n() %}{{ caller(1, 2) }}{% endmacro %}{% call(a, b=5) n() %}{{ a }}{{ b }}{% endcall %}", "X|12")]
    [InlineData("{% set c = 5 %}{% macro m() %}{{ c }}{% endmacro %}{% set c = 6 %}{{ m() }}", "6")]
    [InlineData("{% set x = 5 %}{% macro m() %}{% set x = 6 %}{{ x }}{% endmacro %}{{ m() }}{{ x }}", "65")]
    [InlineData("{% macro outer() %}{% macro inner() %}I{% endmacro %}{{ inner() }}O{% endmacro %}{{ outer() }}{{ inner is defined }}", "IOFalse")]
    [InlineData("{% macro m() %}{% endmacro %}{{ m is callable }}{{ m }}{{ m.name }}{{ m.arguments }}|{% macro n(a, b=1) %}{{ caller is defined }}{% endmacro %}{{ n.arguments }}{{ n.catch_kwargs }}{{ n(1) }}", "True<Macro 'm'>m()|('a', 'b')FalseFalse")]
    public void Macros(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>filter blocks, transformers' {% generation %} (renders its body), and {% print %}.</summary>
    [Theory]
    [InlineData("{% filter upper %}hello {{ s }}{% endfilter %}|{% filter trim|title %}  a b  {% endfilter %}", "HELLO H\u00c9LLO W\u00d6RLD \U0001f600|A B")]
    [InlineData("{%- generation -%} gen {{ 1 }} {%- endgeneration -%}|{% generation %}{% set q = 1 %}{% endgeneration %}[{{ q }}]", "gen 1|[]")]
    [InlineData("{% print 'p' %}{% print 1, 2 %}", "p12")]
    public void OtherBlocks(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>Python's errors for bad iteration, unpacking and macro calls, with the template line.</summary>
    [Theory]
    [InlineData("{% for x in n %}{% endfor %}", "TypeError", "'NoneType' object is not iterable", 1)]
    [InlineData("{% for a, b in [(1,2),(3,)] %}{{a}}{{b}}{% endfor %}", "ValueError", "not enough values to unpack (expected 2, got 1)", 1)]
    [InlineData("{% set a, b = undefinedthing %}", "ValueError", "not enough values to unpack (expected 2, got 0)", 1)]
    [InlineData("{% macro m() %}{% endmacro %}\n{{ m(1) }}", "TypeError", "macro 'm' takes not more than 0 argument(s)", 2)]
    [InlineData("{% macro m() %}{% endmacro %}{{ m(x=1) }}", "TypeError", "macro 'm' takes no keyword argument 'x'", 1)]
    [InlineData("{% macro m() %}{{ caller() }}{% endmacro %}{{ m() }}", "UndefinedError", "No caller defined", 1)]
    [InlineData("{% for x in [1] %}{{ loop(x) }}{% endfor %}", "TypeError", "The loop must have the 'recursive' marker to be called recursively.", 1)]
    [InlineData("{% set d2 = {} %}{% set d2.x = 1 %}", "TemplateRuntimeError", "cannot assign attribute on non-namespace object", 1)]
    public void LoopAndMacroErrors(string template, string kind, string reason, int line) =>
        JinjaFixture.AssertRuntimeError(template, kind, reason, line);
}
