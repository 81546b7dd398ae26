using Lethe.Templates;
using Xunit;

namespace Lethe.Tests.Templates;

/// <summary>transformers' raise_exception(message): the failure carries exactly the template's message.</summary>
public class RaiseExceptionTests
{
    [Theory]
    [InlineData("{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}",
        "Conversation roles must alternate user/assistant/user/assistant/...", 1)]
    [InlineData("{% for m in msgs %}\n{% if m.role == 'system' %}\n{{ raise_exception('System role not supported') }}\n{% endif %}{% endfor %}",
        "System role not supported", 3)]
    [InlineData("{{ raise_exception('Boom: ' ~ i ~ ' \u00e9\nnext') }}", "Boom: 7 \u00e9\nnext", 1)]
    [InlineData("{{ raise_exception(1) }}", "1", 1)]
    [InlineData("{{ raise_exception(none) }}", "None", 1)]
    [InlineData("{% macro check() %}{{ raise_exception('from a macro') }}{% endmacro %}\n{{ check() }}", "from a macro", 1)]
    public void MessageIsExact(string template, string message, int line)
    {
        var e = Assert.Throws<TemplateError>(() => JinjaFixture.Render(template));
        Assert.Equal(message, e.Message);
        Assert.Equal(line, e.Line);
        Assert.Equal(3, e.ExitCode);
    }

    [Fact]
    public void NotRaisedWhenTheBranchIsNotTaken() =>
        Assert.Equal("fine", JinjaFixture.Render("{% if false %}{{ raise_exception('no') }}{% endif %}fine"));

    [Fact]
    public void MissingMessageIsATypeError() =>
        JinjaFixture.AssertRuntimeError("{{ raise_exception() }}", "TypeError",
            "raise_exception() missing 1 required positional argument: 'message'", 1);

    [Fact]
    public void StrftimeNowFormatsTheLocalTime()
    {
        var before = DateTime.Now;
        string text = JinjaFixture.Render("{{ strftime_now('%Y-%m-%d|%d %b %Y|%B %-d|%H:%M|%%') }}");
        var after = DateTime.Now;
        var parts = text.Split('|');
        Assert.Equal(5, parts.Length);
        var day = DateTime.ParseExact(parts[0], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(day, before.Date, after.Date);
        Assert.Equal(day.ToString("dd MMM yyyy", System.Globalization.CultureInfo.InvariantCulture), parts[1]);
        Assert.Equal(day.ToString("MMMM d", System.Globalization.CultureInfo.InvariantCulture), parts[2]);
        Assert.Equal("%", parts[4]);
    }
}
