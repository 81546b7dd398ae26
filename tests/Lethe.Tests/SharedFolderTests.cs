using Xunit;

namespace Lethe.Tests;

public class SharedFolderTests
{
    [SharedFact]
    public void SharedGoldenFolderIsPresent()
    {
        Assert.NotNull(TestPaths.Shared);
        Assert.True(Directory.Exists(TestPaths.SharedPath("golden", "hf-models")), "../shared/golden/hf-models is missing");
    }
}
