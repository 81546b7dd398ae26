using Xunit;

namespace Lethe.Tests.Templates;

// Expected values were produced by Python Jinja2 3.1.6 configured as transformers' apply_chat_template
// (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, json.dumps tojson) with the
// variables in JinjaFixture.Variables.

/// <summary>trim_blocks, lstrip_blocks, whitespace control, raw blocks, comments and the final newline.</summary>
public class WhitespaceTests
{
    /// <summary>Whitespace rules: a block tag eats one following newline; indentation before a block tag or comment goes; '-' strips all whitespace; '+' keeps it.</summary>
    [Theory]
    [InlineData("a\n  {% if true %}\n  b\n  {% endif %}\nc", "a\n  b\nc")]
    [InlineData("{% for i in [1,2] %}\n  {{ i }}\n{% endfor %}", "  1\n  2\n")]
    [InlineData("{% for i in [1,2] -%}\n  {{ i }}\n{%- endfor %}", "12")]
    [InlineData("x {% if true %}y{% endif %} z", "x y z")]
    [InlineData("x\n    {% if true %}y{% endif %}", "x\ny")]
    [InlineData("\t {# tab comment #}\nline", "line")]
    [InlineData("{{ 'a' }}\n{{ 'b' }}", "a\nb")]
    [InlineData("{% if true %}\n\ndouble\n{% endif %}", "\ndouble\n")]
    [InlineData("{%- set a = 1 -%}\n{%- set b = 2 -%}\n{{ a + b }}", "3")]
    [InlineData("  {% if true %}\n    indented\n  {% endif %}\n  {# comment #}\n  text {{ 1 }}\n    {%- if true %} a {% endif -%}\n  {%+ if true %}keep{% endif %}", "    indented\n  text 1 a keep")]
    [InlineData("{# comment #}\nline\n{#- strip -#}\n   next", "linenext")]
    [InlineData("text {#- hi -#}   more", "textmore")]
    [InlineData("  {%- if true -%}  x  {%- endif -%}  ", "x")]
    [InlineData("{{- '  ' -}}  x  {{- ' ' }}", "  x ")]
    [InlineData("a   {%+ if true %}b{% endif %}", "a   b")]
    [InlineData("{%+ if true %}b{%+ endif %}\n   {%+ if true %}c{% endif +%}\nd", "b   c\nd")]
    [InlineData("{% macro m() -%}\n  body\n{%- endmacro %}\n[{{ m() }}]", "[body]")]
    [InlineData("  {% macro m() %}\n    in\n  {% endmacro %}\n[{{ m() }}]", "[    in\n]")]
    [InlineData("{% if true %}   {% endif %}x", "   x")]
    [InlineData("a{% if true %}\n{% endif %}b", "ab")]
    [InlineData("{{ 1 }}\n{{ 2 }}\n", "1\n2")]
    [InlineData("{{ 1 }}\n\n", "1\n")]
    [InlineData("line\n", "line")]
    [InlineData("keep\r\nwindows\rmac\n{{ 'x' }}", "keep\nwindows\nmac\nx")]
    [InlineData("{% set x = 'multi\nline' %}{{ x }}", "multi\nline")]
    [InlineData(" \u00a0{% if true %}nbsp{% endif %}", "nbsp")]
    public void TrimAndStrip(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>{% raw %} passes its body through unparsed; its opening tag does not eat the newline after it.</summary>
    [Theory]
    [InlineData("{% raw %}{{ not parsed }}{% endraw %}|{% raw -%}   x   {%- endraw %}|", "{{ not parsed }}|x|")]
    [InlineData("{% raw %}\n  {{ x }}\n{% endraw %}\nafter", "\n  {{ x }}\nafter")]
    [InlineData("   {% raw %}raw{% endraw %}", "raw")]
    public void RawBlocks(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));
}
