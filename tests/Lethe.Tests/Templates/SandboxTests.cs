using Xunit;

namespace Lethe.Tests.Templates;

// Expected values were produced by Python Jinja2 3.1.6 configured as transformers' apply_chat_template
// (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, json.dumps tojson) with the
// variables in JinjaFixture.Variables.

/// <summary>The immutable sandbox: templates cannot change lists or dicts in place, nor reach Python internals.</summary>
public class SandboxTests
{
    /// <summary>Mutating methods and dunder attributes raise SecurityError when used.</summary>
    [Theory]
    [InlineData("{{ [1].append(2) }}", "SecurityError", "access to attribute 'append' of 'list' object is unsafe.", 1)]
    [InlineData("{{ d.update({}) }}", "SecurityError", "access to attribute 'update' of 'dict' object is unsafe.", 1)]
    [InlineData("{{ d.pop('a') }}", "SecurityError", "access to attribute 'pop' of 'dict' object is unsafe.", 1)]
    [InlineData("{% set l = [3, 1] %}\n{{ l.sort() }}", "SecurityError", "access to attribute 'sort' of 'list' object is unsafe.", 2)]
    [InlineData("{{ d.clear() }}", "SecurityError", "access to attribute 'clear' of 'dict' object is unsafe.", 1)]
    [InlineData("{{ nums.extend([1]) }}", "SecurityError", "access to attribute 'extend' of 'list' object is unsafe.", 1)]
    [InlineData("{{ d.setdefault('x', 1) }}", "SecurityError", "access to attribute 'setdefault' of 'dict' object is unsafe.", 1)]
    [InlineData("{{ ''.__class__() }}", "SecurityError", "access to attribute '__class__' of 'str' object is unsafe.", 1)]
    public void Refused(string template, string kind, string reason, int line) =>
        JinjaFixture.AssertRuntimeError(template, kind, reason, line);

    /// <summary>Merely looking such an attribute up gives an undefined that prints nothing.</summary>
    [Theory]
    [InlineData("[{{ [1].append }}]{{ 'a'.__class__ is defined }}{{ d._private }}{{ {'_p': 1}._p }}", "[]False1")]
    public void LookupOnly(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));
}
