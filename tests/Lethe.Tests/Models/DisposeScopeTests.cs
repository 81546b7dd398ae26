using Lethe.IO;
using Lethe.Models;
using Lethe.Tests.IO;
using Xunit;
using static TorchSharp.torch;

namespace Lethe.Tests.Models;

public class DisposeScopeTests
{
    [Fact]
    public void ModelBuiltInsideADisposeScopeOutlivesIt()
    {
        using var dir = TestPaths.Temp();
        Checkpoint.Save(CheckpointTests.Random(CheckpointTests.TinyConfig("llama")), dir.Path);
        CausalLM model;
        using (NewDisposeScope()) model = Checkpoint.Load(dir.Path);   // as a lazily loaded reference model would be
        using var _ = no_grad();
        var logits = model.Forward(tensor(new long[] { 1, 2, 3 }, new long[] { 1, 3 }));
        Assert.False(logits.isnan().any().item<bool>());
    }
}
