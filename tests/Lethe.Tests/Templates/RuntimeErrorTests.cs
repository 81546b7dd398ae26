using Xunit;

namespace Lethe.Tests.Templates;

// Expected values were produced by Python Jinja2 3.1.6 configured as transformers' apply_chat_template
// (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, json.dumps tojson) with the
// variables in JinjaFixture.Variables.

/// <summary>Python-level errors carry Python's message and the template line.</summary>
public class RuntimeErrorTests
{
    /// <summary>Operator failures.</summary>
    [Theory]
    [InlineData("{{ 'a' + 1 }}", "TypeError", "can only concatenate str (not \"int\") to str", 1)]
    [InlineData("{{ 1 + 'a' }}", "TypeError", "unsupported operand type(s) for +: 'int' and 'str'", 1)]
    [InlineData("{{ 1 + 2 ~ 3 }}", "TypeError", "unsupported operand type(s) for +: 'int' and 'str'", 1)]
    [InlineData("{{ 1 in 'abc' }}", "TypeError", "'in <string>' requires string as left operand, not int", 1)]
    [InlineData("{{ 'a' < 1 }}", "TypeError", "'<' not supported between instances of 'str' and 'int'", 1)]
    [InlineData("{{ [1, 'a'] < [1, 2] }}", "TypeError", "'<' not supported between instances of 'str' and 'int'", 1)]
    [InlineData("{{ {[1]: 2} }}", "TypeError", "unhashable type: 'list'", 1)]
    [InlineData("{{ [1] in {'a': 1} }}", "TypeError", "unhashable type: 'list'", 1)]
    [InlineData("{{ -'a' }}", "TypeError", "bad operand type for unary -: 'str'", 1)]
    [InlineData("\n\n{{ 10 / 0 }}", "ZeroDivisionError", "division by zero", 3)]
    [InlineData("{{ 10 // 0 }}", "ZeroDivisionError", "integer division or modulo by zero", 1)]
    [InlineData("{{ [1,2,3][::0] }}", "ValueError", "slice step cannot be zero", 1)]
    [InlineData("{{ range(1, 2, 0) }}", "ValueError", "range() arg 3 must not be zero", 1)]
    public void TypeErrors(string template, string kind, string reason, int line) =>
        JinjaFixture.AssertRuntimeError(template, kind, reason, line);
}
