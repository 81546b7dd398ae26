using Xunit;

namespace Lethe.Tests.Templates;

// Expected values were produced by Python Jinja2 3.1.6 configured as transformers' apply_chat_template
// (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, json.dumps tojson) with the
// variables in JinjaFixture.Variables.

/// <summary>Compile-time errors: Jinja's message and the line.</summary>
public class SyntaxErrorTests
{
    /// <summary>Syntax errors with Jinja's exact wording.</summary>
    [Theory]
    [InlineData("{% if x %}", "Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.", 1)]
    [InlineData("{% for x in [1] %}{% endif %}", "Encountered unknown tag 'endif'. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.", 1)]
    [InlineData("{% endif %}", "Encountered unknown tag 'endif'.", 1)]
    [InlineData("{% for x in y %}\n{% if z %}\n{% endfor %}", "Encountered unknown tag 'endfor'. You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.", 3)]
    [InlineData("{% macro m() %}{% for x in y %}", "Unexpected end of template. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.", 1)]
    [InlineData("{% if true %}{% else %}{% else %}{% endif %}", "Encountered unknown tag 'else'. Jinja was looking for the following tags: 'endif'. The innermost block that needs to be closed is 'if'.", 1)]
    [InlineData("{{ x", "unexpected end of template, expected 'end of print statement'.", 1)]
    [InlineData("{% if %}{% endif %}", "Expected an expression, got 'end of statement block'", 1)]
    [InlineData("{{ a b }}", "expected token 'end of print statement', got 'b'", 1)]
    [InlineData("{% for x in %}{% endfor %}", "Expected an expression, got 'end of statement block'", 1)]
    [InlineData("{{ f(a=1, 2) }}", "invalid syntax for function call expression", 1)]
    [InlineData("{{ [1, 2, }}", "unexpected '}', expected ']'", 1)]
    [InlineData("line\n{{ 1 + }}", "unexpected 'end of print statement'", 2)]
    [InlineData("{% foo %}", "Encountered unknown tag 'foo'.", 1)]
    [InlineData("{# unterminated", "Missing end of comment tag", 1)]
    [InlineData("{{ 'unterminated }}", "unexpected char \"'\" at 3", 1)]
    [InlineData("{{ \"\\x\" }}", "truncated \\xXX escape", 1)]
    [InlineData("{% set 1 = 2 %}", "can't assign to 'const'", 1)]
    [InlineData("{{ a is defined is defined }}", "You cannot chain multiple tests with is", 1)]
    [InlineData("\n{% for loop in [1] %}{% endfor %}", "Can't assign to special loop variable in for-loop target", 2)]
    [InlineData("{{ x|nosuchfilter }}", "No filter named 'nosuchfilter'.", 1)]
    [InlineData("{{ x is nosuchtest }}", "No test named 'nosuchtest'.", 1)]
    [InlineData("{% macro m(a=1, b) %}{% endmacro %}", "non-default argument follows default argument", 1)]
    [InlineData("{% raw %}never closed", "Missing end of raw directive", 1)]
    [InlineData("{{ 1 }}\n{{ 2 }}\n{{ ) }}", "unexpected ')'", 3)]
    public void Jinja(string template, string reason, int line) =>
        JinjaFixture.AssertSyntaxError(template, reason, line);
}
