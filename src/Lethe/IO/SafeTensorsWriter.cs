using System.Text;
using System.Text.Json;

namespace Lethe.IO;

/// <summary>One tensor to write: its name, element type, shape and raw little-endian bytes.</summary>
public sealed record SafeTensorsBlob(string Name, SafeTensorsDType DType, long[] Shape, byte[] Data);

/// <summary>Writes safetensors files the way the reference library lays them out, atomically.</summary>
public static class SafeTensorsWriter
{
    public static void Write(string path, IReadOnlyList<SafeTensorsBlob> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteStartObject("__metadata__");
            foreach (var (k, v) in metadata ?? new Dictionary<string, string> { ["format"] = "pt" })
                w.WriteString(k, v);
            w.WriteEndObject();
            long offset = 0;
            foreach (var t in tensors)
            {
                long expect = t.Shape.Aggregate(1L, (a, b) => a * b) * t.DType.ByteSize();
                if (expect != t.Data.Length)
                    throw new ArgumentException($"tensor '{t.Name}': {t.Data.Length} bytes for shape [{string.Join(", ", t.Shape)}] of {t.DType}");
                w.WriteStartObject(t.Name);
                w.WriteString("dtype", t.DType.ToString());
                w.WriteStartArray("shape");
                foreach (var d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + t.Data.Length);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += t.Data.Length;
            }
            w.WriteEndObject();
        }
        // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
        var header = ms.ToArray().ToList();
        while ((8 + header.Count) % 8 != 0) header.Add((byte)' ');
        AtomicFile.Write(path, s =>
        {
            s.Write(BitConverter.GetBytes((ulong)header.Count));
            s.Write(header.ToArray());
            foreach (var t in tensors) s.Write(t.Data);
        });
    }
}
