using System.Diagnostics;
using System.Text;
using Xunit;

namespace Lethe.Tests.Templates;

/// <summary>`lethe template render` run as a separate process, so stdout is checked byte for byte.</summary>
public class TemplateCommandTests
{
    static (int Exit, byte[] Stdout, string Stderr) Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "lethe"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "template", "render" }.Concat(args)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = new MemoryStream();
        var copy = p.StandardOutput.BaseStream.CopyToAsync(stdout);
        string stderr = p.StandardError.ReadToEnd();
        copy.Wait();
        p.WaitForExit();
        return (p.ExitCode, stdout.ToArray(), stderr);
    }

    static (string Template, string Variables) Files(TempDir dir, string template, string variables)
    {
        string t = dir.File("t.jinja"), v = dir.File("v.json");
        File.WriteAllText(t, template, new UTF8Encoding(false));
        File.WriteAllText(v, variables, new UTF8Encoding(false));
        return (t, v);
    }

    [Fact]
    public void PrintsTheTextExactlyAsUtf8WithoutBomOrNewline()
    {
        using var dir = TestPaths.Temp();
        var (t, v) = Files(dir, "{{ bos_token }}{% for m in messages %}<{{ m.role }}>\n{{ m.content }}{% endfor %}\n",
            "{\"bos_token\": \"<s>\", \"messages\": [{\"role\": \"user\", \"content\": \"h\\u00e9 \\ud83d\\ude00\"}]}");
        var (exit, stdout, stderr) = Run("--template-file", t, "--variables-file", v);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal(Encoding.UTF8.GetBytes("<s><user>\nh\u00e9 \U0001F600"), stdout);
    }

    [Fact]
    public void RaisedTemplateErrorGoesToStderrWithExitCode3()
    {
        using var dir = TestPaths.Temp();
        var (t, v) = Files(dir, "{% if messages[0].role == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}",
            "{\"messages\": [{\"role\": \"system\", \"content\": \"x\"}]}");
        var (exit, stdout, stderr) = Run("--template-file", t, "--variables-file", v);
        Assert.Equal(3, exit);
        Assert.Empty(stdout);
        Assert.Equal("System role not supported", stderr.TrimEnd('\n'));
    }

    [Fact]
    public void SyntaxErrorIsOneLineWithExitCode2()
    {
        using var dir = TestPaths.Temp();
        var (t, v) = Files(dir, "ok\n{% include 'x' %}", "{}");
        var (exit, stdout, stderr) = Run("--template-file", t, "--variables-file", v);
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        var lines = stderr.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.Contains("t.jinja", lines[0]);
        Assert.Contains("chat template line 2", lines[0]);
    }

    [Fact]
    public void RuntimeErrorNamesFileAndLine()
    {
        using var dir = TestPaths.Temp();
        var (t, v) = Files(dir, "a\n{{ 'x' + 1 }}", "{}");
        var (exit, _, stderr) = Run("--template-file", t, "--variables-file", v);
        Assert.Equal(2, exit);
        Assert.Contains("chat template line 2: TypeError: can only concatenate str (not \"int\") to str", stderr);
    }

    [Theory]
    [InlineData("[1, 2]", "JSON object")]
    [InlineData("{\"a\": ", "not valid JSON")]
    public void BadVariablesFileIsExitCode2(string variables, string message)
    {
        using var dir = TestPaths.Temp();
        var (t, v) = Files(dir, "x", variables);
        var (exit, _, stderr) = Run("--template-file", t, "--variables-file", v);
        Assert.Equal(2, exit);
        Assert.Contains(message, stderr);
        Assert.Contains("v.json", stderr);
    }

    [Fact]
    public void MissingTemplateFileIsExitCode2()
    {
        using var dir = TestPaths.Temp();
        var (_, v) = Files(dir, "x", "{}");
        var (exit, _, stderr) = Run("--template-file", dir.File("missing.jinja"), "--variables-file", v);
        Assert.Equal(2, exit);
        Assert.Contains("missing.jinja", stderr);
    }
}
