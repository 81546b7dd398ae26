#!/usr/bin/env python3
"""Regenerates the expected values of the generated template tests (WhitespaceTests.cs, ExpressionTests.cs, ...)
from Python Jinja2 3.1.6 configured exactly as transformers' apply_chat_template configures it.

Usage: python3 tests/Lethe.Tests/Templates/generate_expected.py   (needs `pip install jinja2==3.1.6`)
The variables are JinjaFixture.VariablesJson (VARS below); keep both in sync.
"""
import json, os, sys
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.ext import loopcontrols, Extension
from jinja2 import nodes
# transformers' environment (chat_template_utils._compile_jinja_template)
class AssistantTracker(Extension):
    tags = {"generation"}
    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return nodes.CallBlock(self.call_method("_render_assistant", []), [], [], body).set_lineno(lineno)
    def _render_assistant(self, caller):
        return caller()
def raise_exception(message):
    from jinja2.exceptions import TemplateError
    raise TemplateError(message)
def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)
env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[AssistantTracker, loopcontrols])
env.filters["tojson"] = tojson
env.globals["raise_exception"] = raise_exception
from datetime import datetime
env.globals["strftime_now"] = lambda f: datetime.now().strftime(f)
# Generates the expected values of the unit tests from Python Jinja2 3.1.6 set up as transformers does.
import traceback
from jinja2.exceptions import TemplateSyntaxError, TemplateError, TemplateRuntimeError

VARS = {"msgs": [{"role": "system", "content": " Be brief. "}, {"role": "user", "content": "Hi"},
                 {"role": "assistant", "content": "Hello", "tool_calls": [{"function": {"name": "f", "arguments": {"a": 1, "b": [1, 2.5, None, True]}}}]}],
        "d": {"b": 1, "a": [1, 2.5], "c": None, "k": "v"}, "s": "h\u00e9llo W\u00f6rld \U0001F600", "n": None, "i": 7, "f": 2.5,
        "t": True, "e": [], "ed": {}, "nums": [3, 1, 2], "words": ["b", "A", "c", "a"],
        "users": [{"name": "x", "age": 3, "city": "NY"}, {"name": "y", "age": 1, "city": "ca"}, {"name": "z", "age": 2, "city": "CA"}],
        "big": 12345678901234, "neg": -3, "fl": [1.0, 0.1, 1e-05, 1e16, 123456.789, -0.0, 1e22, 2.5e-7]}

def cs(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch == '\\': out.append('\\\\')
        elif ch == '"': out.append('\\"')
        elif ch == '\n': out.append('\\n')
        elif ch == '\r': out.append('\\r')
        elif ch == '\t': out.append('\\t')
        elif o < 0x20 or o == 0x7f: out.append(f'\\u{o:04x}')
        elif o < 0x7f: out.append(ch)
        elif o < 0x10000: out.append(f'\\u{o:04x}')
        else: out.append(f'\\U{o:08x}')
    return '"' + ''.join(out) + '"'

def render(src):
    try:
        return ("ok", env.from_string(src).render(**VARS), None)
    except TemplateSyntaxError as ex:
        return ("syntax", ex.message, ex.lineno)
    except TemplateError as ex:
        kind = type(ex).__name__
        line = None
        for fr in traceback.extract_tb(ex.__traceback__):
            if fr.filename == '<template>': line = fr.lineno
        return (kind, str(ex), line)
    except Exception as ex:
        line = None
        for fr in traceback.extract_tb(ex.__traceback__):
            if fr.filename == '<template>': line = fr.lineno
        return (type(ex).__name__, str(ex), line)

def emit_ok(cases):
    lines = []
    for src in cases:
        kind, out, _ = render(src)
        if kind != "ok": raise SystemExit(f"expected success for {src!r}: {kind} {out}")
        lines.append(f"    [InlineData({cs(src)}, {cs(out)})]")
    return "\n".join(lines)

def emit_err(cases):
    lines = []
    for src in cases:
        kind, msg, line = render(src)
        if kind == "ok": raise SystemExit(f"expected failure for {src!r}: {msg!r}")
        if kind == "syntax": raise SystemExit(f"syntax error for runtime case {src!r}: {msg}")
        if line is None: raise SystemExit(f"no line for {src!r}")
        lines.append(f"    [InlineData({cs(src)}, {cs(kind)}, {cs(msg)}, {line})]")
    return "\n".join(lines)

def emit_syntax(cases):
    lines = []
    for src in cases:
        kind, msg, line = render(src)
        if kind != "syntax": raise SystemExit(f"expected syntax error for {src!r}: {kind} {msg}")
        lines.append(f"    [InlineData({cs(src)}, {cs(msg)}, {line})]")
    return "\n".join(lines)


OUT = os.path.dirname(os.path.abspath(__file__)) + '/'

HEADER = '''using Xunit;

namespace Lethe.Tests.Templates;

// Expected values were produced by Python Jinja2 3.1.6 configured as transformers' apply_chat_template
// (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, json.dumps tojson) with the
// variables in JinjaFixture.Variables.
'''

def write(name, doc, sections):
    body = HEADER + f"\n/// <summary>{doc}</summary>\npublic class {name}\n{{\n"
    parts = []
    for method, kind, cases, comment in sections:
        if kind == "ok":
            parts.append(f"    /// <summary>{comment}</summary>\n    [Theory]\n{emit_ok(cases)}\n    public void {method}(string template, string expected) =>\n        Assert.Equal(expected, JinjaFixture.Render(template));\n")
        elif kind == "err":
            parts.append(f"    /// <summary>{comment}</summary>\n    [Theory]\n{emit_err(cases)}\n    public void {method}(string template, string kind, string reason, int line) =>\n        JinjaFixture.AssertRuntimeError(template, kind, reason, line);\n")
        elif kind == "syntax":
            parts.append(f"    /// <summary>{comment}</summary>\n    [Theory]\n{emit_syntax(cases)}\n    public void {method}(string template, string reason, int line) =>\n        JinjaFixture.AssertSyntaxError(template, reason, line);\n")
    body += "\n".join(parts) + "}\n"
    open(OUT + name + ".cs", "w").write(body)

write("WhitespaceTests", "trim_blocks, lstrip_blocks, whitespace control, raw blocks, comments and the final newline.", [
 ("TrimAndStrip", "ok", [
  "a\n  {% if true %}\n  b\n  {% endif %}\nc",
  "{% for i in [1,2] %}\n  {{ i }}\n{% endfor %}",
  "{% for i in [1,2] -%}\n  {{ i }}\n{%- endfor %}",
  "x {% if true %}y{% endif %} z",
  "x\n    {% if true %}y{% endif %}",
  "\t {# tab comment #}\nline",
  "{{ 'a' }}\n{{ 'b' }}",
  "{% if true %}\n\ndouble\n{% endif %}",
  "{%- set a = 1 -%}\n{%- set b = 2 -%}\n{{ a + b }}",
  "  {% if true %}\n    indented\n  {% endif %}\n  {# comment #}\n  text {{ 1 }}\n    {%- if true %} a {% endif -%}\n  {%+ if true %}keep{% endif %}",
  "{# comment #}\nline\n{#- strip -#}\n   next",
  "text {#- hi -#}   more",
  "  {%- if true -%}  x  {%- endif -%}  ",
  "{{- '  ' -}}  x  {{- ' ' }}",
  "a   {%+ if true %}b{% endif %}",
  "{%+ if true %}b{%+ endif %}\n   {%+ if true %}c{% endif +%}\nd",
  "{% macro m() -%}\n  body\n{%- endmacro %}\n[{{ m() }}]",
  "  {% macro m() %}\n    in\n  {% endmacro %}\n[{{ m() }}]",
  "{% if true %}   {% endif %}x",
  "a{% if true %}\n{% endif %}b",
  "{{ 1 }}\n{{ 2 }}\n",
  "{{ 1 }}\n\n",
  "line\n",
  "keep\r\nwindows\rmac\n{{ 'x' }}",
  "{% set x = 'multi\nline' %}{{ x }}",
  " \u00a0{% if true %}nbsp{% endif %}",
 ], "Whitespace rules: a block tag eats one following newline; indentation before a block tag or comment goes; '-' strips all whitespace; '+' keeps it."),
 ("RawBlocks", "ok", [
  "{% raw %}{{ not parsed }}{% endraw %}|{% raw -%}   x   {%- endraw %}|",
  "{% raw %}\n  {{ x }}\n{% endraw %}\nafter",
  "   {% raw %}raw{% endraw %}",
 ], "{% raw %} passes its body through unparsed; its opening tag does not eat the newline after it."),
])

write("ExpressionTests", "Literals, operators and their precedence, and how values print (Python's str()).", [
 ("Literals", "ok", [
  "{{ \"a\\nb\\tc\\u00e9\\x41\\101\" }}",
  "{{ '\\101\\u00e9\\U0001F600' }}|{{ \"\\'\" }}{{ '\\\"' }}|{{ 'a\\\nb' }}|{{ 'x\\d' }}|{{ '\u00e9\\\u00e9' }}",
  "{{ 'a' 'b' }}|{{ 1e3 }}|{{ 1.5e-7 }}|{{ 0x1F }}|{{ 0o17 }}|{{ 0b101 }}|{{ 1_000 }}|{{ 1_0.0_1 }}|{{ 00 }}",
  "{{ true }}{{ True }}{{ false }}{{ none }}{{ None }}",
  "{{ [1, 2,] }}{{ {'a': 1,} }}{{ (1, 2,) }}{{ (1,) }}{{ () }}{{ [] }}{{ {} }}",
  "{{ {'a': {'b': [1, (2, 3)]}} }}|{{ '{% not a tag %}' }}|{{ \"}}\" }}",
 ], "String escapes follow Python's unicode-escape; numbers follow Jinja's lexer."),
 ("PythonStr", "ok", [
  "{{ n }}|{{ t }}|{{ (1,) }}|{{ (1,'a') }}|{{ {'a': (1, 2)} }}|{{ [\"it's\", 'say \"x\"', 'both \\' \"', '\\n\\t\\\\'] }}",
  "{{ fl }}",
  "{{ [1.0, 1e-05, 1e16, 1.5e300, 0.1+0.2, 100.0/3, -0.0, 12345678901234567.0, 1e22, 0.0001] }}",
  "{{ 1.0 / 3 }}|{{ 2/3 }}|{{ 1e300 * 1e10 }}|{{ -1e300 * 1e10 }}|{{ 0.1 * 3 }}|{{ 5e-324 }}|{{ 1.7976931348623157e308 }}|{{ 1234567890123456789.0 }}|{{ 1e15 }}|{{ 1e16 }}|{{ 123e-20 }}",
  "{{ [s, 'a\\x01\\x7f\\u200b\\u00a0'] }}|{{ d }}|{{ msgs[2] }}|{{ users[0] }}",
  "{{ d.keys() }}|{{ d.values() }}|{{ d.items() }}|{{ range(3) }}|{{ range(1, 9, 2) }}|{{ namespace(a=1) }}",
  "{{ 'ab' ~ 1.0 ~ [none] ~ {'a': true} ~ n ~ t }}",
 ], "Printing a value is Python's str(): True, None, 2.5, 1e-05, ['a'], {'k': 1}, ('a',)."),
 ("Arithmetic", "ok", [
  "{{ 1 + 2 * 3 - 4 / 2 }}|{{ 7 // 2 }}|{{ -7 // 2 }}|{{ 7 % 3 }}|{{ -7 % 3 }}|{{ 2 ** 10 }}|{{ 2 ** 3 ** 2 }}|{{ 7.5 // 2 }}|{{ -7.5 % 2 }}|{{ 2 ** -1 }}",
  "{{ 'abc' * 2 }}|{{ [1] * 3 }}|{{ [1, 2] + [3] }}|{{ (1,) + (2,) }}|{{ 'a' + 'b' }}|{{ true + 1 }}|{{ 3 * true }}|{{ 'x' * -1 }}|{{ 2 * 'ab' }}",
  "{{ -i }}|{{ +i }}|{{ -f|abs }}|{{ - -1 }}|{{ -neg }}|{{ 10 - 2 - 3 }}|{{ 2 * 3 % 4 }}|{{ big * 1000 }}|{{ 9223372036854775807 }}",
 ], "Python arithmetic: true division gives floats, // and % floor, ** is left-associative in Jinja."),
 ("Precedence", "ok", [
  "{{ 'a' + msgs[0].content | trim + 'b' }}",
  "{{ 1 ~ 2 * 3 }}|{{ 'a' + 'b' ~ 'c' }}|{{ (1 + 2) ~ 3 }}|{{ not true or true }}|{{ not (true or true) }}|{{ true and false or true }}",
  "{{ msgs|length - 1 }}|{{ -1|abs }}|{{ nums|first + 1 }}|{{ 2 * nums|length }}",
  "{{ 'a' if true else 'b' if true else 'c' }}|{{ 'a' if false else 'b' if false else 'c' }}|{{ ('x' if false) ~ 'y' }}|{{ 'y' if n }}",
  "{{ i > 5 and i < 10 }}|{{ i or 0 }}|{{ n or 'default' }}|{{ 0 and 1 }}|{{ not n }}|{{ not i is none }}|{{ n is not none }}",
 ], "Filters and tests bind tighter than any operator; 'not' is lower than comparisons."),
 ("Comparisons", "ok", [
  "{% if 1 < 2 < 3 %}y{% endif %}{% if 3 > 2 > 2 %}n{% endif %}{{ 1 == 1.0 }}{{ 'a' < 'b' }}{{ [1,2] < [1,3] }}{{ (1,2) == [1,2] }}{{ none == none }}{{ undefinedthing == undefinedthing2 }}",
  "{{ [1, 2] == [1, 2] }}{{ [1, 2] != (1, 2) }}{{ {'a': 1, 'b': 2} == {'b': 2, 'a': 1} }}{{ none == undefinedthing }}{{ 0 == false }}{{ 1.5 > 1 }}{{ [] < [1] }}{{ 'B' < 'a' }}{{ 2 >= 2.0 }}{{ 1 != 1 }}",
  "{{ 'x' in s }}|{{ 'q' in s }}|{{ 'b' in d }}|{{ 'zz' not in d }}|{{ 1 in [1, 2] }}|{{ 1.0 in [1] }}|{{ true in [1] }}|{{ 1 in undefinedthing }}|{{ 'k' in d.keys() }}|{{ none in [none] }}|{{ ('a',) in [('a',)] }}",
 ], "== compares by value across int/float/bool; 'in' tests substrings, dict keys and list items."),
 ("Access", "ok", [
  "{{ d.nokey }}|{{ d.nokey is defined }}|{{ d['nokey'] }}|{{ d.b }}|{{ d['b'] }}",
  "{{ msgs[5] }}|{{ msgs[-1].role }}|{{ msgs[0]['role'] }}|{{ users.0.name }}|{{ msgs[2].tool_calls[0].function.arguments.b[1] }}",
  "{{ s[::-1] }}|{{ s[1:3] }}|{{ s[-1] }}|{{ nums[::2] }}|{{ nums[-2:] }}|{{ s[:3] }}|{{ [1,2,3][5:] }}|{{ (1,2,3)[1:] }}|{{ 'abc'[1:] }}{{ 'abc'[:-1] }}",
  "{{ 'abc'['x'] }}|{{ [1]['x'] }}|{{ {'a':1}[0] }}|{{ 5[0] }}|{{ none.x }}|{{ (1).real }}{{ 2.5.imag }}",
  "{% set messages = msgs[1:] %}{{ messages|length }}{% for m in msgs[::-1] %}{{ m.role }}{% endfor %}",
 ], "x.key and x['key'] both read dict keys; a missing key or index is undefined (prints nothing)."),
])

write("StatementTests", "Every statement tag: if, for, set, macro, call, filter, with, generation, print, break/continue.", [
 ("If", "ok", [
  "{% if x is undefined %}u{% elif true %}e{% else %}z{% endif %}{% if false %}{% elif false %}{% else %}else{% endif %}",
  "{% if msgs %}some{% endif %}{% if e %}no{% else %}empty{% endif %}{% if 0.0 %}x{% elif '' %}y{% elif ed %}z{% else %}falsy{% endif %}",
  "{% if true %}{% set x = 1 %}{% endif %}{{ x }}",
 ], "if / elif / else, Python truthiness; an if-block shares its enclosing scope."),
 ("For", "ok", [
  "{% for m in msgs %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.depth }}{{ loop.depth0 }}|{% endfor %}",
  "{% for m in nums %}[{{ loop.previtem }},{{ loop.nextitem }},{{ loop.cycle('a','b') }}]{% endfor %}",
  "{% for x in [1,1,2,2,1] %}{{ loop.changed(x) }}{% endfor %}",
  "{% for x in nums if x > 1 %}{{ x }}{{ loop.index }}/{{ loop.length }} {% else %}none{% endfor %}|{% for x in e %}x{% else %}empty{% endfor %}",
  "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}|{% for k in d %}{{ k }}{% endfor %}|{% for c in 'abc' %}{{ c }}{% endfor %}|{% for k, v in d|items %}{{ k }}{% endfor %}|{% for k, v in d|dictsort %}{{ k }}{% endfor %}",
  "{% for x in nums %}{% if x == 1 %}{% continue %}{% endif %}{% if x == 2 %}{% break %}{% endif %}{{ x }}{% endfor %}",
  "{% for x in [1,2] %}{% for y in [3,4] %}{% if y == 4 %}{% break %}{% endif %}{{ x }}{{ y }}{% endfor %}{% endfor %}",
  "{% for i in range(3) %}{% for j in range(2) %}{{ loop.index }}{% endfor %}{{ loop.index }};{% endfor %}",
  "{% for a, (b, c) in [(1, (2, 3))] %}{{ a }}{{ b }}{{ c }}{% endfor %}",
  "{% for item in [{'c': [{'c': []}, {'c': []}]}, {'c': []}] recursive %}[{{ loop.depth }}{{ loop(item.c) }}]{% endfor %}",
  "{% for x in [] %}{% else %}{% set y = 1 %}{% endfor %}[{{ y }}]",
  "{% for x in [1,2,3] if x != 2 %}{{ loop.index }}{{ loop.last }}{% endfor %}",
  "{% for x in undefinedthing %}x{% else %}empty{% endfor %}",
 ], "for loops: else, inline filter, unpacking, dicts iterate keys, loop variables, recursive loops."),
 ("Scoping", "ok", [
  "{% set x = 1 %}{% for i in [1,2] %}{{ x }}{% set x = x + 1 %}{{ x }}{% endfor %}{{ x }}",
  "{% for i in [1,2] %}{% if i == 2 %}[{{ y }}]{% endif %}{% set y = i %}{% endfor %}",
  "{% set ns = namespace(found=false, count=0) %}{% for m in msgs %}{% set ns.count = ns.count + 1 %}{% if m.role == 'assistant' %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.found }}{{ ns.count }}{{ ns }}",
  "{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}[{{ a }}]",
  "{% with %}{% set x = 1 %}{% endwith %}[{{ x }}]",
  "{% for x in nums %}{% set nums = [9] %}{{ nums }}{% endfor %}{{ nums }}",
 ], "A for iteration, with-block and macro get their own scope; only namespace attributes carry state out."),
 ("Set", "ok", [
  "{% set a, b = 1, 2 %}{{ a }}{{ b }}{% set c = 1, 2 %}{{ c }}",
  "{% set x %}  block {{ i }} {% endset %}[{{ x }}]{% set y | upper | trim %} yo {% endset %}[{{ y }}]",
  "{% set ns = namespace() %}{% set ns.items = [1] %}{{ ns.items }}{% set ns.x = ns.items + [2] %}{{ ns.x }}[{{ ns.missing }}]{{ ns['x'] }}",
  "{% set n2 = namespace({'a': 1}, b=2) %}{{ n2.a }}{{ n2.b }}",
  "{% set x = [1, 2] %}{% set y = x + [3] %}{{ x }}{{ y }}",
  "{% set t = \"You are\" + ' X' %}{{ t }}{{ t|length }}",
 ], "set: names, tuples, namespace attributes, and block set with filters."),
 ("Macros", "ok", [
  "{% macro m(a, b='B', c=a~'!') %}[{{ a }}{{ b }}{{ c }}]{% endmacro %}{{ m(1) }}{{ m(1, 2) }}{{ m(a=3, c=4) }}{{ m() }}",
  "{% macro m(x) %}{{ x }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, y=4) }}",
  "{% macro f(n) %}{% if n > 0 %}{{ n }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(5) }}",
  "{% macro list(items) %}<ul>{% for i in items %}<li>{{ caller(i) }}</li>{% endfor %}</ul>{% endmacro %}{% call(item) list([1,2]) %}*{{ item }}*{% endcall %}",
  "{% macro m(a) %}{{ caller() }}{% endmacro %}{% call m(1) %}X{% endcall %}|{% macro n() %}{{ caller(1, 2) }}{% endmacro %}{% call(a, b=5) n() %}{{ a }}{{ b }}{% endcall %}",
  "{% set c = 5 %}{% macro m() %}{{ c }}{% endmacro %}{% set c = 6 %}{{ m() }}",
  "{% set x = 5 %}{% macro m() %}{% set x = 6 %}{{ x }}{% endmacro %}{{ m() }}{{ x }}",
  "{% macro outer() %}{% macro inner() %}I{% endmacro %}{{ inner() }}O{% endmacro %}{{ outer() }}{{ inner is defined }}",
  "{% macro m() %}{% endmacro %}{{ m is callable }}{{ m }}{{ m.name }}{{ m.arguments }}|{% macro n(a, b=1) %}{{ caller is defined }}{% endmacro %}{{ n.arguments }}{{ n.catch_kwargs }}{{ n(1) }}",
 ], "Macros: defaults (evaluated at call time), varargs/kwargs, recursion, call blocks with caller()."),
 ("OtherBlocks", "ok", [
  "{% filter upper %}hello {{ s }}{% endfilter %}|{% filter trim|title %}  a b  {% endfilter %}",
  "{%- generation -%} gen {{ 1 }} {%- endgeneration -%}|{% generation %}{% set q = 1 %}{% endgeneration %}[{{ q }}]",
  "{% print 'p' %}{% print 1, 2 %}",
 ], "filter blocks, transformers' {% generation %} (renders its body), and {% print %}."),
 ("LoopAndMacroErrors", "err", [
  "{% for x in n %}{% endfor %}",
  "{% for a, b in [(1,2),(3,)] %}{{a}}{{b}}{% endfor %}",
  "{% set a, b = undefinedthing %}",
  "{% macro m() %}{% endmacro %}\n{{ m(1) }}",
  "{% macro m() %}{% endmacro %}{{ m(x=1) }}",
  "{% macro m() %}{{ caller() }}{% endmacro %}{{ m() }}",
  "{% for x in [1] %}{{ loop(x) }}{% endfor %}",
  "{% set d2 = {} %}{% set d2.x = 1 %}",
 ], "Python's errors for bad iteration, unpacking and macro calls, with the template line."),
])

write("FilterTests", "Jinja's built-in filters, with transformers' tojson.", [
 ("StringFilters", "ok", [
  "{{ s|length }}|{{ s|upper }}|{{ s|lower }}|{{ s|title }}|{{ s|capitalize }}|{{ s|reverse }}",
  "{{ '  x  '|trim }}|{{ 'xxaxx'|trim('x') }}|{{ ' \\n\\t a\\u3000'|trim }}|{{ 'Hello World'|replace('o', '0') }}|{{ 'aaa'|replace('a', 'b', 2) }}",
  "{{ 'hello-world foo(bar) [x]'|title }}|{{ \"they're bill's\"|title }}|{{ 'hELLO wORLD'|capitalize }}|{{ 'one two  three'|wordcount }}",
  "{{ 'hello'|center(11) }}|{{ 'hi'|center(5) }}|{{ 'x'|center(4) }}|{{ 'abc'|center }}",
  "{{ \"line1\\nline2\\n\\nline4\"|indent }}|{{ \"line1\\nline2\"|indent(2, true) }}|{{ \"a\\n\\nb\"|indent(2, blank=true) }}|{{ \"a\\nb\"|indent('>>') }}|{{ ''|indent }}|{{ 'x\\n'|indent }}",
  "{{ 'hello world foo bar'|truncate(9) }}|{{ 'hello world foo bar'|truncate(9, true) }}|{{ 'hello'|truncate(3, end='') }}|{{ 'foo bar baz qux'|truncate(11, False, '...', 0) }}|{{ 'abcdefghijklmnop'|truncate(12, leeway=0) }}",
  "{{ '%s-%d'|format('a', 3) }}|{{ \"%(a)s and %(b)d\"|format(a='x', b=2) }}",
  "{{ '\u00e9t\u00e9'|upper }}|{{ '\u00df'|upper }}|{{ '\u0130'|lower }}|{{ '\u039f\u0394\u039f\u03a3 \u03a3\u0391\u03a3'|lower }}|{{ '\ufb01ne stra\u00dfe'|title }}|{{ '\u01c6emal'|capitalize }}",
  "{{ '<a href=\"x\">&</a>'|e }}{{ '<'|safe }}{{ ('<'|e)|e }}{{ '<'|forceescape }}|{{ 'a'|safe + '<' }}|{{ '<b>'|escape ~ '<' }}",
 ], "Text filters."),
 ("SequenceFilters", "ok", [
  "{{ nums|first }}|{{ nums|last }}|{{ e|first }}|{{ nums|join(',') }}|{{ nums|join }}|{{ users|join(', ', attribute='name') }}|{{ [none, true, 1.5]|join(' ') }}",
  "{{ nums|length }}|{{ d|count }}|{{ nums|list }}|{{ 'ab'|list }}|{{ d|list }}|{{ 'abc'|first }}|{{ 'abc'|last }}|{{ d|first }}|{{ d|last }}",
  "{{ nums|sort }}|{{ nums|sort(reverse=true) }}|{{ words|sort }}|{{ words|sort(case_sensitive=true) }}|{{ users|sort(attribute='age')|map(attribute='name')|list }}|{{ users|sort(attribute='city,age')|map(attribute='name')|list }}",
  "{{ words|unique|list }}|{{ words|unique(case_sensitive=true)|list }}|{{ users|unique(attribute='city')|map(attribute='name')|list }}|{{ nums|reverse|list }}|{{ (1, 2)|reverse|list }}",
  "{{ nums|max }}|{{ nums|min }}|{{ words|max }}|{{ words|min(case_sensitive=true) }}|{{ users|max(attribute='age') }}|{{ []|max }}|{{ nums|sum }}|{{ users|sum(attribute='age') }}|{{ [1,2,3]|sum(start=10) }}|{{ [[1], [2]]|sum(start=[]) }}",
  "{{ users|selectattr('age', 'gt', 1)|map(attribute='name')|list }}|{{ users|rejectattr('age', 'gt', 1)|map(attribute='name')|join }}|{{ nums|select('odd')|list }}|{{ nums|reject('odd')|list }}|{{ [0, 1, '', 'a', none]|select|list }}|{{ msgs|selectattr('tool_calls')|list|length }}|{{ msgs|selectattr('role', 'equalto', 'user')|list|length }}",
  "{{ users|map(attribute='name')|map('upper')|list }}|{{ users|map(attribute='nope', default='D')|list }}|{{ [1,2,3]|map('string')|join('-') }}|{{ ['a']|map('replace', 'a', 'b')|list }}|{{ [[1,2],[3]]|map('length')|list }}",
  "{{ d|dictsort }}|{{ d|dictsort(reverse=true) }}|{{ {'b': 1, 'a': 2}|dictsort(false, 'value') }}|{{ {'B': 1, 'a': 2}|dictsort(true) }}",
  "{% for g in users|groupby('city') %}{{ g.grouper }}:{{ g.list|map(attribute='name')|join }};{% endfor %}|{% for city, us in users|groupby('city', case_sensitive=true) %}{{ city }}{% endfor %}",
  "{{ nums|batch(2)|list }}|{{ nums|batch(2, 'x')|list }}|{{ [1,2,3,4,5]|slice(2)|list }}|{{ [1,2,3,4]|slice(3, 0)|list }}",
  "{{ d|items|list }}|{{ undefinedthing|items|list }}|{% set g = nums|select('odd') %}{% for x in g %}{{ x }}{% endfor %}|{% for x in g %}{{ x }}{% endfor %}|{% if e|select('odd') %}generators are true{% endif %}",
 ], "List and dict filters; map/select/reject/unique return one-shot generators, as in Jinja."),
 ("NumberFilters", "ok", [
  "{{ '42'|int + 1 }}|{{ '4.5'|float }}|{{ 'x'|int }}|{{ '42.7'|int }}|{{ 3.9|int }}|{{ 'x'|float }}|{{ -3|abs }}|{{ -2.5|abs }}|{{ '0x1F'|int(base=16) }}|{{ '0b101'|int(0, 2) }}|{{ 'x'|int(default=9) }}|{{ 'x'|float(9.5) }}",
  "{{ ' 12 '|int }}{{ '1_000'|int }}{{ '0x10'|int }}{{ '0x10'|int(base=0) }}{{ '1e3'|int }}{{ '1e3'|float }}{{ 'inf'|float }}{{ true|int }}{{ none|int }}{{ none|float }}{{ '-5'|int }}{{ '.5'|float }}",
  "{{ 2.5|round }}|{{ 3.5|round }}|{{ 2.675|round(2) }}|{{ 42.55|round(1, 'floor') }}|{{ 42.55|round(1, 'ceil') }}|{{ 5|round }}|{{ 1.25|round(1) }}|{{ 1234.5|round(-2) }}|{{ 1250|round(-2) }}|{{ 7|round(0, 'ceil') }}",
  "{{ 3|string }}|{{ none|string }}|{{ [1]|string }}|{{ 5|attr('real') }}|{{ d|attr('b') }}|{{ d|attr('items') is callable }}",
 ], "int, float, abs, round (half to even), string, attr."),
 ("Default", "ok", [
  "{{ undefinedthing|default('dft') }}|{{ ''|default('dft') }}|{{ ''|default('dft', true) }}|{{ n|default('dft') }}|{{ undefinedthing|d }}|{{ d.zz|default(d.k) }}",
 ], "default replaces undefined (and, with true, any false value)."),
 ("FilterErrors", "err", [
  "{{ nums|map('string')|length }}",
  "{{ nums|map('string')|last }}",
  "{{ 'abc'|truncate(2) }}",
  "{{ d|dictsort(by='nope') }}",
  "{{ 5|items|list }}",
  "{{ undefinedthing|indent }}",
  "{% if true %}\n{{ x|nosuchfilter }}{% endif %}",
 ], "Filter failures: Python's message and the template line."),
])

write("JinjaTestTests", "The 'is' tests.", [
 ("Tests", "ok", [
  "{{ i is odd }}{{ i is even }}{{ i is divisibleby 7 }}{{ i is divisibleby(3) }}{{ n is none }}{{ n is defined }}{{ x is defined }}{{ x is undefined }}",
  "{{ s is string }}{{ d is mapping }}{{ s is iterable }}{{ i is iterable }}{{ e is sequence }}{{ d is sequence }}{{ 'abc' is sequence }}{{ d.keys() is sequence }}{{ d.keys() is iterable }}{{ nums|map('string') is sequence }}{{ nums|map('string') is iterable }}",
  "{{ t is boolean }}{{ t is true }}{{ t is false }}{{ i is number }}{{ t is number }}{{ f is float }}{{ i is integer }}{{ t is integer }}{{ f is number }}",
  "{{ undefinedthing is iterable }}{{ undefinedthing is sequence }}{{ undefinedthing is callable }}{{ range is callable }}{{ namespace() is callable }}{{ joiner() is callable }}",
  "{{ 'a' is lower }}{{ 'A' is upper }}{{ 1 is sameas 1 }}{{ n is sameas none }}{{ 1 is in [1] }}{{ 1 is eq 1 }}{{ 1 is ne 1 }}{{ 1 is lt 2 }}{{ 2 is gt 1 }}{{ 2 is ge 2 }}{{ 2 is le 1 }}{{ 'a' is equalto 'a' }}{{ 1 is greaterthan 0 }}{{ 1 is lessthan 0 }}",
  "{{ 'upper' is filter }}{{ 'odd' is test }}{{ 'nope' is filter }}{{ 'x' is escaped }}{{ 'x'|e is escaped }}{{ msgs[0].content is string }}{{ msgs[2].tool_calls is iterable }}{{ msgs[0] is mapping }}",
  "{{ 1 is divisibleby 3 and true }}|{{ none is none or false }}|{{ x is defined and x }}|{{ n is not none }}|{{ not n is none }}",
 ], "Type and value tests with Python's notion of each type."),
])

write("MethodTests", "Python str, dict and list methods callable from templates, and string formatting.", [
 ("StringMethods", "ok", [
  "{{ s.upper() }}|{{ s.split() }}|{{ 'a,b,,c'.split(',') }}|{{ 'a,b,c'.split(',', 1) }}|{{ 'a,b,c'.rsplit(',', 1) }}|{{ '  a  b  '.split() }}|{{ '  a  b  '.split(none, 1) }}|{{ 'x\\ny\\r\\nz'.splitlines() }}|{{ 'x\\ny'.splitlines(true) }}",
  "{{ s.startswith('h') }}|{{ s.endswith(('x', '\U0001F600')) }}|{{ s.find('l') }}|{{ s.rfind('l') }}|{{ s.count('l') }}|{{ 'abc'.find('c', 1, 2) }}|{{ 'abcabc'.count('bc', 2) }}|{{ 'abc'.startswith('b', 1) }}",
  "{{ ' x '.strip() }}|{{ ' x '.lstrip() }}|{{ ' x '.rstrip() }}|{{ 'xax'.strip('x') }}|{{ 'a-b'.replace('-', '+') }}|{{ 'ab'.replace('', '.') }}|{{ ','.join(['a', 'b']) }}",
  "{{ 'hello world'.title() }}|{{ 'hELLO'.capitalize() }}|{{ 'ab'.center(6, '*') }}|{{ 'ab'.ljust(4, '.') }}|{{ 'ab'.rjust(4) }}|{{ '5'.zfill(3) }}|{{ '-5'.zfill(4) }}|{{ 'Ab'.swapcase() }}|{{ 'ABC'.lower() }}|{{ 'abc'.casefold() }}",
  "{{ 'a=b=c'.partition('=') }}|{{ 'a=b=c'.rpartition('=') }}|{{ 'abc'.partition('z') }}|{{ 'pre_x'.removeprefix('pre_') }}|{{ 'x.txt'.removesuffix('.txt') }}|{{ 'abc'.index('c') }}",
  "{{ 'abc'.isalpha() }}|{{ '123'.isdigit() }}|{{ ' '.isspace() }}|{{ 'ab1'.isalnum() }}|{{ 'Ab'.istitle() }}|{{ 'ab'.islower() }}|{{ 'AB'.isupper() }}|{{ ''.isalpha() }}",
  "{% set content = 'x<think>\\nwhy\\n</think>\\n\\nans' %}{{ content.split('</think>')[-1].lstrip('\\n') }}|{{ content.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') }}",
 ], "str methods, as Qwen-style templates use them."),
 ("CollectionMethods", "ok", [
  "{{ d.get('b') }}|{{ d.get('zz') }}|{{ d.get('zz', 5) }}|{{ d.keys()|list }}|{{ d.values()|list|length }}|{{ nums.index(2) }}|{{ nums.count(3) }}|{{ d.copy() }}|{{ (1, 2).index(2) }}",
  "{% for x in d.values() %}{{ x }},{% endfor %}|{{ {'a':1}.items()|list }}|{{ (d|items|list)[0] }}",
  "{{ range(0) }}{{ range(2, 5) }}{{ range(-3)|list }}|{{ range(1, 10, 3)|list }}|{{ range(5, 0, -2)|list }}|{{ dict(a=1, b=2) }}|{{ dict([('x', 1)]) }}|{{ dict({'a': 1}, b=2) }}",
  "{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.next() }}{{ c.next() }}{{ c.current }}{% set _ = c.reset() %}{{ c.next() }}|{% set j = joiner('|') %}{% for x in nums %}{{ j() }}{{ x }}{% endfor %}",
 ], "dict.get/keys/values/items, list.index/count, and the globals range, dict, cycler, joiner."),
 ("Formatting", "ok", [
  "{{ '%s-%d-%05.2f|%r|%x|%5s|%-5s|%%|%c|%o|%#x|%e|%g|%G|%10.3e' % ('a', 3, 3.14159, 'b', 255, 'r', 'l', 65, 8, 255, 12345.678, 0.00001234, 1e20, 1234.5) }}",
  "{{ '%.3s' % 'abcdef' }}|{{ '%+d % d' % (5, 5) }}|{{ '%s' % [1, 'a'] }}|{{ '%s' % none }}|{{ '%(a)s' % {'a': 1, 'b': 2} }}|{{ '%s' % undefinedthing }}|{{ '%.1f%%' % 99.95 }}",
  "{{ '{} and {}'.format(1, 'a') }}|{{ '{0}{1}{0}'.format('a', 'b') }}|{{ '{x}!'.format(x=5) }}|{{ '{:>6}|{:<6}|{:^6}|{:*^7}'.format('a','b','c','d') }}",
  "{{ '{:.2f}|{:08.3f}|{:+d}|{:,}|{:x}|{:#b}|{:e}|{:%}'.format(3.14159, 2.5, 5, 1234567, 255, 5, 12345.678, 0.25) }}|{{ '{!r}|{!s}'.format('a', 'b') }}|{{ '{0[0]}|{1.b}|{1[k]}'.format(nums, d) }}|{{ '{:g}|{}|{:.3}|{:10}|{:<10}|'.format(1.5, 2.5, 3.14159, 5, 2.5) }}",
 ], "printf-style % and str.format."),
 ("MethodErrors", "err", [
  "{{ 'abc'.index('z') }}",
  "{{ \"%s\" % (1, 2) }}",
  "{{ \"{:d}\".format(3.5) }}",
  "{{ range(200000) }}",
  "{{ 'abc'() }}",
 ], "Method failures: Python's message and the template line."),
])

write("ToJsonTests", "tojson is transformers' json.dumps(ensure_ascii=False): spacing, escaping, order and numbers as Python prints them.", [
 ("ToJson", "ok", [
  "{{ d|tojson }}|{{ d|tojson(indent=2) }}|{{ e|tojson(indent=2) }}|{{ ed|tojson(indent=2) }}|{{ [e, ed]|tojson(indent=2) }}",
  "{{ msgs|tojson(indent=4) }}",
  "{{ fl|tojson }}|{{ [1.0, 1e-05, 1e16, 0.1+0.2, 1e400 if false else 5e-324]|tojson }}|{{ (0.1 + 0.2)|tojson }}",
  "{{ (1, 2)|tojson }}|{{ 'a\u00e9\"\\\\/\\n\\r\\t\\b\\f\\x01\\x1f\\x7f\u2028'|tojson }}|{{ s|tojson(ensure_ascii=true) }}|{{ '\\x7f\u00e9'|tojson(ensure_ascii=true) }}",
  "{{ d|tojson(sort_keys=true) }}|{{ d|tojson(separators=(',', ':')) }}|{{ {'b': 1, 'a': {'d': 1, 'c': 2}}|tojson(sort_keys=true, indent=2) }}",
  "{{ {1: 'a', true: 'b', none: 'c', 2.5: 'd'}|tojson }}|{{ 'x'|safe|tojson }}|{{ 5|tojson }}{{ 5.0|tojson }}{{ true|tojson }}{{ none|tojson }}{{ \"x\"|tojson }}",
  "{{ {'a': [{'b': none}]}|tojson(indent='\\t') }}|{{ [1, [2, [3, []]], {}]|tojson(indent=1) }}|{{ {'a': 1}|tojson(indent=0) }}|{{ msgs[2].tool_calls[0].function.arguments|tojson }}",
  "{% for t in [{'name': 'f', 'parameters': {'type': 'object', 'properties': {'x': {'type': 'string'}}, 'required': ['x']}}] %}{{ t|tojson(indent=4) }}{% endfor %}",
 ], "tojson with and without indent."),
 ("ToJsonErrors", "err", [
  "{{ undefinedthing|tojson }}",
  "{{ nums|map('string')|tojson }}",
  "{{ namespace(a=1)|tojson }}",
  "{{ {(1, 2): 1}|tojson }}",
  "{{ d.keys()|tojson }}",
 ], "What json.dumps refuses."),
])

write("UndefinedTests", "Jinja's default Undefined: printable, false, empty when iterated; an error when used otherwise.", [
 ("Lenient", "ok", [
  "[{{ x }}]{{ x is defined }}{{ not x }}{% for i in x %}no{% endfor %}{{ x|length }}{{ x|default('d') }}{{ x ~ 'c' }}{{ x == x }}{{ x != 1 }}{{ x or 'o' }}{{ [x] }}{{ {'a': x} }}{{ 'q' in x }}",
  "{{ '{}'.format(x) }}|{{ x|string }}|{{ x|list }}|{{ x|join }}|{{ x|upper }}|{{ x|first }}|{{ x|sort }}|{{ x|sum }}|{{ x|unique|list }}|{{ x|reverse|list }}|{{ x|safe }}|{{ x|trim }}|{{ x|truncate(5) }}|{{ x|center(3) }}|{{ x|last }}|{{ x|max }}|{{ x|batch(2)|list }}|{{ x|wordcount }}|{{ x|select|list }}",
  "{{ d.missing }}|{{ msgs[9] }}|{{ d['missing'] is defined }}|{{ n is defined }}|{{ nums|first if false }}",
 ], "What an undefined value allows."),
 ("Strict", "err", [
  "{{ undefinedthing + 1 }}",
  "{{ undefinedthing.attr }}",
  "{{ d.nokey.x }}",
  "{{ msgs[5].role }}",
  "{{ none.x.y }}",
  "{{ undefinedthing[0] }}",
  "{{ undefinedthing() }}",
  "{{ undefinedthing < 1 }}",
  "{{ -undefinedthing }}",
  "{{ 'x' * undefinedthing }}",
  "{{ undefinedthing|int }}",
  "{{ undefinedthing is odd }}",
  "{{ undefinedthing|round }}",
  "line 1\n{{ 'a' + x }}",
 ], "What it does not: Jinja's UndefinedError message and the line."),
])

write("SandboxTests", "The immutable sandbox: templates cannot change lists or dicts in place, nor reach Python internals.", [
 ("Refused", "err", [
  "{{ [1].append(2) }}",
  "{{ d.update({}) }}",
  "{{ d.pop('a') }}",
  "{% set l = [3, 1] %}\n{{ l.sort() }}",
  "{{ d.clear() }}",
  "{{ nums.extend([1]) }}",
  "{{ d.setdefault('x', 1) }}",
  "{{ ''.__class__() }}",
 ], "Mutating methods and dunder attributes raise SecurityError when used."),
 ("LookupOnly", "ok", [
  "[{{ [1].append }}]{{ 'a'.__class__ is defined }}{{ d._private }}{{ {'_p': 1}._p }}",
 ], "Merely looking such an attribute up gives an undefined that prints nothing."),
])

write("RuntimeErrorTests", "Python-level errors carry Python's message and the template line.", [
 ("TypeErrors", "err", [
  "{{ 'a' + 1 }}",
  "{{ 1 + 'a' }}",
  "{{ 1 + 2 ~ 3 }}",
  "{{ 1 in 'abc' }}",
  "{{ 'a' < 1 }}",
  "{{ [1, 'a'] < [1, 2] }}",
  "{{ {[1]: 2} }}",
  "{{ [1] in {'a': 1} }}",
  "{{ -'a' }}",
  "\n\n{{ 10 / 0 }}",
  "{{ 10 // 0 }}",
  "{{ [1,2,3][::0] }}",
  "{{ range(1, 2, 0) }}",
 ], "Operator failures."),
])

write("SyntaxErrorTests", "Compile-time errors: Jinja's message and the line.", [
 ("Jinja", "syntax", [
  "{% if x %}",
  "{% for x in [1] %}{% endif %}",
  "{% endif %}",
  "{% for x in y %}\n{% if z %}\n{% endfor %}",
  "{% macro m() %}{% for x in y %}",
  "{% if true %}{% else %}{% else %}{% endif %}",
  "{{ x",
  "{% if %}{% endif %}",
  "{{ a b }}",
  "{% for x in %}{% endfor %}",
  "{{ f(a=1, 2) }}",
  "{{ [1, 2, }}",
  "line\n{{ 1 + }}",
  "{% foo %}",
  "{# unterminated",
  "{{ 'unterminated }}",
  "{{ \"\\x\" }}",
  "{% set 1 = 2 %}",
  "{{ a is defined is defined }}",
  "\n{% for loop in [1] %}{% endfor %}",
  "{{ x|nosuchfilter }}",
  "{{ x is nosuchtest }}",
  "{% macro m(a=1, b) %}{% endmacro %}",
  "{% raw %}never closed",
  "{{ 1 }}\n{{ 2 }}\n{{ ) }}",
 ], "Syntax errors with Jinja's exact wording."),
])
