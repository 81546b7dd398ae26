using System.Text;
using Lethe.IO;
using Xunit;

namespace Lethe.Tests.IO;

/// <summary>Crafted hostile safetensors files: each must be refused with a clear message naming file (and tensor).</summary>
public class HostileSafeTensorsTests
{
    static byte[] File(string header, int dataBytes, ulong? declaredLength = null)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var ms = new MemoryStream();
        ms.Write(BitConverter.GetBytes(declaredLength ?? (ulong)h.Length));
        ms.Write(h);
        ms.Write(new byte[dataBytes]);
        return ms.ToArray();
    }

    public static IEnumerable<object[]> Cases() => new List<object[]>
    {
        new object[] { "shorter than the length field", new byte[] { 1, 2, 3 }, "too short" },
        new object[] { "header length past end of file", File("{}", 0, declaredLength: 4096), "runs past the end" },
        new object[] { "absurd header length", File("{}", 0, declaredLength: ulong.MaxValue - 7), "absurd" },
        new object[] { "header not JSON", File("{\"a\": [1, 2", 0), "not valid UTF-8 JSON" },
        new object[] { "header is an array", File("[1, 2, 3]", 0), "not a JSON object" },
        new object[] { "header not UTF-8", File("{\"\u00ff\": 1}", 0) is var b ? Patch(b, 11, 0xFF) : b, "not valid UTF-8" },
        new object[] { "unknown dtype", File("{\"w\": {\"dtype\": \"F8_E9M9\", \"shape\": [2], \"data_offsets\": [0, 2]}}", 2), "'w': unknown dtype" },
        new object[] { "offsets outside the data", File("{\"w\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 16]}}", 8), "'w': data_offsets [0, 16] lie outside" },
        new object[] { "overlapping tensors", File("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}, \"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}", 12), "overlaps" },
        new object[] { "size not dtype x shape", File("{\"w\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", 8), "'w': 8 bytes in data_offsets but dtype F32" },
        new object[] { "negative dimension", File("{\"w\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}", 4), "'w': shape entry 0" },
        new object[] { "shape overflows", File("{\"w\": {\"dtype\": \"F32\", \"shape\": [4294967296, 4294967296, 4294967296], \"data_offsets\": [0, 4]}}", 4), "'w': shape" },
        new object[] { "duplicate names", File("{\"w\": {\"dtype\": \"U8\", \"shape\": [1], \"data_offsets\": [0, 1]}, \"w\": {\"dtype\": \"U8\", \"shape\": [1], \"data_offsets\": [1, 2]}}", 2), "'w' appears twice" },
        new object[] { "offsets of wrong arity", File("{\"w\": {\"dtype\": \"U8\", \"shape\": [1], \"data_offsets\": [0]}}", 1), "'w': data_offsets must be" },
        new object[] { "end before begin", File("{\"w\": {\"dtype\": \"U8\", \"shape\": [0], \"data_offsets\": [4, 0]}}", 4), "'w': data_offsets end 0 is before begin 4" },
        new object[] { "gap in the data", File("{\"w\": {\"dtype\": \"U8\", \"shape\": [2], \"data_offsets\": [2, 4]}}", 4), "'w' leaves a gap" },
        new object[] { "trailing bytes not covered", File("{\"w\": {\"dtype\": \"U8\", \"shape\": [2], \"data_offsets\": [0, 2]}}", 6), "covers 2 bytes but the file has 6" },
        new object[] { "metadata value not a string", File("{\"__metadata__\": {\"format\": 1}}", 0), "__metadata__ value 'format'" },
        new object[] { "entry not an object", File("{\"w\": 5}", 0), "'w': header entry is not an object" },
        new object[] { "dtype missing", File("{\"w\": {\"shape\": [1], \"data_offsets\": [0, 1]}}", 1), "'w': missing or non-string dtype" },
        new object[] { "huge offset number", File("{\"w\": {\"dtype\": \"U8\", \"shape\": [1], \"data_offsets\": [0, 1e300]}}", 1), "'w': data_offsets must be" },
        new object[] { "deep nesting", File("{\"w\": " + new string('[', 5000) + new string(']', 5000) + "}", 0), "not valid UTF-8 JSON" },
    };

    static byte[] Patch(byte[] b, int at, byte value)
    {
        b[at] = value;
        return b;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void HostileFileIsRefusedClearly(string what, byte[] bytes, string expected)
    {
        using var dir = TestPaths.Temp();
        string path = dir.File("hostile.safetensors");
        System.IO.File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<LetheException>(() => SafeTensorsFile.Open(path).Dispose());
        Assert.Contains(path, e.Message);
        Assert.True(e.Message.Contains(expected), $"{what}: message '{e.Message}' lacks '{expected}'");
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void ValidFileRoundTrips()
    {
        using var dir = TestPaths.Temp();
        string path = dir.File("ok.safetensors");
        var data = Enumerable.Range(0, 24).Select(i => (byte)i).ToArray();
        SafeTensorsWriter.Write(path, new[]
        {
            new SafeTensorsBlob("a", SafeTensorsDType.F32, new long[] { 2, 2 }, data[..16]),
            new SafeTensorsBlob("b", SafeTensorsDType.BF16, new long[] { 4 }, data[16..]),
        });
        using var f = SafeTensorsFile.Open(path);
        Assert.Equal(new[] { "a", "b" }, f.Entries.Select(e => e.Name));
        Assert.Equal(data[..16], f.ReadBytes("a"));
        Assert.Equal(data[16..], f.ReadBytes("b"));
        Assert.Equal(SafeTensorsDType.BF16, f["b"].DType);
        Assert.Equal("pt", f.Metadata["format"]);
        Assert.Equal(0, (8 + BitConverter.ToInt64(System.IO.File.ReadAllBytes(path), 0)) % 8);
    }

    [Fact]
    public void PickleCheckpointIsRefusedWithReason()
    {
        using var dir = TestPaths.Temp();
        System.IO.File.WriteAllText(dir.File("config.json"), "{\"model_type\": \"gpt2\", \"vocab_size\": 10, \"n_embd\": 8, \"n_layer\": 1, \"n_head\": 2}");
        System.IO.File.WriteAllBytes(dir.File("pytorch_model.bin"), new byte[] { 0x80, 0x02 });
        var e = Assert.Throws<LetheException>(() => Checkpoint.Load(dir.Path));
        Assert.Contains("pytorch_model.bin", e.Message);
        Assert.Contains("arbitrary code", e.Message);
        Assert.Contains("safetensors", e.Message);
    }
}
