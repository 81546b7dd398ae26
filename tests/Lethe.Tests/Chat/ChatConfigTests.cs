using Lethe.Cli.Demo;
using Xunit;

namespace Lethe.Tests.Chat;

/// <summary>How the demo's format is chosen: --format, a top-level `format:` key, or the unlearn section's.</summary>
public class ChatConfigTests
{
    [Fact]
    public void TheFormatFlagOrTopLevelKeySetsTheWholeDemosFormat()
    {
        Assert.False(DemoConfig.Load(null, quick: true).IsChat);
        var flagged = DemoConfig.Load(null, quick: true, format: "chat");
        Assert.True(flagged.IsChat);
        Assert.Equal("chat", flagged.Unlearn.Format);

        using var dir = TestPaths.Temp();
        string path = dir.File("demo.yaml");
        File.WriteAllText(path, "format: chat\nunlearn:\n  system_prompt: Be brief.\n");
        var fromFile = DemoConfig.Load(path, quick: false);
        Assert.True(fromFile.IsChat);
        Assert.Equal("Be brief.", fromFile.Unlearn.SystemPrompt);
        Assert.False(DemoConfig.Load(path, quick: false, format: "plain").IsChat);   // the flag wins

        File.WriteAllText(path, "unlearn:\n  format: chat\n");
        Assert.True(DemoConfig.Load(path, quick: false).IsChat);

        File.WriteAllText(path, "format: markdown\n");
        var e = Assert.Throws<LetheException>(() => DemoConfig.Load(path, quick: false));
        Assert.Contains("format 'markdown'", e.Message);
        Assert.Contains(path, e.Message);
    }
}
