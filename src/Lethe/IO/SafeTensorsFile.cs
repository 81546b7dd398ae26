using System.Text.Json;

namespace Lethe.IO;

/// <summary>
/// A strict reader for the safetensors format: 8-byte little-endian header length N, N bytes of JSON, then raw
/// little-endian tensor bytes. Every number taken from the file is checked against the file's real size before it
/// sizes anything, so a hostile file gives a clear <see cref="LetheException"/> naming the file and tensor — never
/// a crash, and never an allocation bigger than the file.
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    /// <summary>Headers above this are refused (the real library's limit is 100 MB as well).</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    const int MaxRank = 16;

    readonly FileStream _stream;
    readonly long _dataStart;

    public string Path { get; }
    public IReadOnlyList<SafeTensorsEntry> Entries { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    readonly Dictionary<string, SafeTensorsEntry> _byName;

    SafeTensorsFile(string path, FileStream stream, long dataStart, List<SafeTensorsEntry> entries, Dictionary<string, string> metadata)
    {
        Path = path;
        _stream = stream;
        _dataStart = dataStart;
        Entries = entries;
        Metadata = metadata;
        _byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    public bool Contains(string name) => _byName.ContainsKey(name);

    public SafeTensorsEntry this[string name] => _byName.TryGetValue(name, out var e)
        ? e : throw new LetheException($"{Path}: no tensor named '{name}'");

    public static SafeTensorsFile Open(string path)
    {
        FileStream fs;
        try { fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess); }
        catch (FileNotFoundException) { throw new LetheException($"{path}: file not found"); }
        catch (DirectoryNotFoundException) { throw new LetheException($"{path}: file not found"); }
        try
        {
            var (entries, meta, dataStart) = ParseHeader(path, fs);
            return new SafeTensorsFile(path, fs, dataStart, entries, meta);
        }
        catch
        {
            fs.Dispose();
            throw;
        }
    }

    static (List<SafeTensorsEntry>, Dictionary<string, string>, long) ParseHeader(string path, FileStream fs)
    {
        long fileLength = fs.Length;
        if (fileLength < 8) throw Bad(path, $"file is {fileLength} bytes, too short for the 8-byte header length");
        Span<byte> lenBytes = stackalloc byte[8];
        fs.ReadExactly(lenBytes);
        ulong n = BitConverter.ToUInt64(lenBytes);
        if (n > (ulong)MaxHeaderBytes) throw Bad(path, $"header length {n} is absurd (limit {MaxHeaderBytes} bytes)");
        if ((long)n > fileLength - 8) throw Bad(path, $"header length {n} runs past the end of the file ({fileLength} bytes)");
        if (n < 2) throw Bad(path, $"header length {n} is too small for a JSON object");
        var header = new byte[n];
        fs.ReadExactly(header);
        long dataStart = 8 + (long)n;
        long dataLength = fileLength - dataStart;

        JsonDocument doc;
        try
        {
            // Strict UTF-8 and whole surrogate pairs first: JsonDocument would report them only when a name is read.
            if (JsonText.Problem(header) is string problem) throw Bad(path, $"header is not valid UTF-8 JSON ({problem})");
            doc = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw Bad(path, $"header is not valid UTF-8 JSON ({LetheException.Clip(FirstLine(e.Message), 300)})");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad(path, "header is not a JSON object");
            var entries = new List<SafeTensorsEntry>();
            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(prop.Name)) throw Bad(path, $"tensor '{prop.Name}' appears twice in the header");
                if (prop.Name == "__metadata__")
                {
                    if (prop.Value.ValueKind != JsonValueKind.Object) throw Bad(path, "__metadata__ is not an object");
                    foreach (var m in prop.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String) throw Bad(path, $"__metadata__ value '{m.Name}' is not a string");
                        meta[m.Name] = m.Value.GetString()!;
                    }
                    continue;
                }
                entries.Add(ParseEntry(path, prop, dataLength));
            }

            // Tensors must tile the data section exactly: no overlap (two tensors aliasing bytes) and no gaps.
            var ordered = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
            long expect = 0;
            foreach (var e in ordered)
            {
                if (e.Begin < expect)
                    throw Bad(path, $"tensor '{e.Name}' overlaps the previous tensor (starts at {e.Begin}, previous ends at {expect})");
                if (e.Begin > expect)
                    throw Bad(path, $"tensor '{e.Name}' leaves a gap in the data (starts at {e.Begin}, expected {expect})");
                expect = e.End;
            }
            if (expect != dataLength)
                throw Bad(path, $"tensor data covers {expect} bytes but the file has {dataLength} bytes after the header");
            return (entries, meta, dataStart);
        }
    }

    static SafeTensorsEntry ParseEntry(string path, JsonProperty prop, long dataLength)
    {
        string name = prop.Name;
        var v = prop.Value;
        if (v.ValueKind != JsonValueKind.Object) throw Bad(path, $"tensor '{name}': header entry is not an object");
        if (!v.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
            throw Bad(path, $"tensor '{name}': missing or non-string dtype");
        if (!SafeTensorsDTypes.TryParse(dt.GetString()!, out var dtype))
            throw Bad(path, $"tensor '{name}': unknown dtype '{dt.GetString()}'");
        if (!v.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array)
            throw Bad(path, $"tensor '{name}': missing or non-array shape");
        if (sh.GetArrayLength() > MaxRank) throw Bad(path, $"tensor '{name}': rank {sh.GetArrayLength()} is absurd");
        var shape = new long[sh.GetArrayLength()];
        int i = 0;
        long numel = 1;
        foreach (var d in sh.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long dim) || dim < 0)
                throw Bad(path, $"tensor '{name}': shape entry {i} is not a non-negative integer");
            shape[i++] = dim;
            try { numel = checked(numel * dim); }
            catch (OverflowException) { throw Bad(path, $"tensor '{name}': shape [{string.Join(", ", shape.Take(i))}...] overflows"); }
        }
        if (!v.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
            throw Bad(path, $"tensor '{name}': data_offsets must be an array of two integers");
        long begin = OffsetAt(path, name, off[0]), end = OffsetAt(path, name, off[1]);
        if (end < begin) throw Bad(path, $"tensor '{name}': data_offsets end {end} is before begin {begin}");
        if (end > dataLength) throw Bad(path, $"tensor '{name}': data_offsets [{begin}, {end}] lie outside the data ({dataLength} bytes)");
        long expectBytes;
        try { expectBytes = checked(numel * dtype.ByteSize()); }
        catch (OverflowException) { throw Bad(path, $"tensor '{name}': size overflows"); }
        if (end - begin != expectBytes)
            throw Bad(path, $"tensor '{name}': {end - begin} bytes in data_offsets but dtype {dtype} × shape [{string.Join(", ", shape)}] needs {expectBytes}");
        foreach (var p in v.EnumerateObject())
            if (p.Name is not ("dtype" or "shape" or "data_offsets"))
                throw Bad(path, $"tensor '{name}': unexpected header field '{p.Name}'");
        return new SafeTensorsEntry(name, dtype, shape, begin, end);
    }

    static long OffsetAt(string path, string name, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long x) || x < 0)
            throw Bad(path, $"tensor '{name}': data_offsets must be non-negative integers");
        return x;
    }

    /// <summary>The raw little-endian bytes of one tensor (size already checked against the file).</summary>
    public byte[] ReadBytes(string name)
    {
        var e = this[name];
        if (e.ByteLength > Array.MaxLength) throw new LetheException($"{Path}: tensor '{name}' is too large to read into memory ({e.ByteLength} bytes)");
        var buf = new byte[e.ByteLength];
        ReadInto(e, buf);
        return buf;
    }

    public void ReadInto(SafeTensorsEntry e, Span<byte> destination)
    {
        if (destination.Length != e.ByteLength) throw new ArgumentException("destination size does not match the tensor");
        int read = 0;
        while (read < destination.Length)
        {
            int n = RandomAccess.Read(_stream.SafeFileHandle, destination[read..], _dataStart + e.Begin + read);
            if (n == 0) throw new LetheException($"{Path}: tensor '{e.Name}' ends early (file truncated while reading?)");
            read += n;
        }
    }

    public void Dispose() => _stream.Dispose();

    static LetheException Bad(string path, string what) => new($"{path}: invalid safetensors file: {LetheException.Clip(what, 400)}");
    static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
