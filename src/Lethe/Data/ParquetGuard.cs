using System.Buffers.Binary;
using Parquet.Meta;

namespace Lethe.Data;

/// <summary>
/// Checks a Parquet file's framing before Parquet.Net reads it: the footer, the row and value counts, and the
/// page headers of the columns to be read. Parquet.Net sizes buffers straight from those numbers, so a truncated
/// or corrupt file could otherwise ask for gigabytes or loop; after these checks every size it uses is bounded
/// by bytes that really are in the file.
/// </summary>
internal static class ParquetGuard
{
    /// <summary>Values in one column chunk. Parquet.Net indexes them with int and we hold 16-byte slots for each.</summary>
    public const long MaxValuesPerChunk = 1L << 26;

    /// <summary>
    /// Rows or values claimed per byte of file (plus <see cref="CountSlack"/>). Run-length encoding could in
    /// principle claim more, but no question/answer set does, and this stops a corrupt count early.
    /// </summary>
    const long MaxValuesPerFileByte = 64;
    const long CountSlack = 1 << 20;

    /// <summary>Decompressed page size allowed without question; above it, a ratio beyond any real codec's is corrupt.</summary>
    const long PlainPageBytes = 64L << 20;
    const long MaxCompressionRatio = 64;
    const int MaxPageHeaderBytes = 16 << 20;

    /// <summary>Checks magic bytes, footer length and the footer's Thrift framing; returns where the footer starts.</summary>
    public static long CheckEnvelope(FileStream fs, string path)
    {
        var length = fs.Length;
        if (length < 12) throw Corrupt(path, $"truncated Parquet file: only {length} bytes");
        Span<byte> tail = stackalloc byte[8];
        fs.Seek(-8, SeekOrigin.End);
        fs.ReadExactly(tail);
        if (tail[4..].SequenceEqual("PARE"u8))
            throw Corrupt(path, "encrypted Parquet files are not supported");
        if (!tail[4..].SequenceEqual("PAR1"u8))
            throw Corrupt(path, "truncated or corrupt Parquet file: it does not end with 'PAR1'");
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footerLength <= 0 || footerLength > length - 12)
            throw Corrupt(path, $"corrupt Parquet file: footer length {footerLength} does not fit a {length}-byte file");

        var footerStart = length - 8 - footerLength;
        var footer = new byte[footerLength];
        fs.Seek(footerStart, SeekOrigin.Begin);
        fs.ReadExactly(footer);
        try
        {
            new ThriftCompactScanner(footer).SkipStruct();
        }
        catch (ThriftScanException e)
        {
            throw Corrupt(path, "corrupt Parquet footer: " + e.Message);
        }
        return footerStart;
    }

    /// <summary>Row counts: non-negative and plausible for the file's size.</summary>
    public static void CheckRowGroups(FileMetaData meta, long fileLength, string path)
    {
        long total = 0;
        var bound = MaxValuesPerFileByte * fileLength + CountSlack;
        for (var i = 0; i < meta.RowGroups.Count; i++)
        {
            var rows = meta.RowGroups[i].NumRows;
            if (rows < 0 || rows > MaxValuesPerChunk || (total += rows) > bound)
                throw Corrupt(path, $"corrupt Parquet file: row group {i + 1} claims {rows} rows");
        }
    }

    /// <summary>
    /// Checks the column chunk of <paramref name="field"/> in a row group of <paramref name="rows"/> rows: its
    /// value count (equal to the rows for a flat column, at least the rows for a list) and every page header
    /// Parquet.Net will follow. Returns the value count.
    /// </summary>
    public static int CheckChunk(FileStream fs, long footerStart, ColumnChunk chunk, long rows, bool repeated,
        string path, string records, string field)
    {
        LetheException Bad(string problem) => DataErrors.At(path, records, field, "corrupt Parquet column: " + problem);

        if (chunk.FilePath is not null) throw Bad("its data is in another file, which is not supported");
        var meta = chunk.MetaData ?? throw Bad("column metadata is missing");
        var values = meta.NumValues;
        if (repeated ? values < rows : values != rows)
            throw Bad($"{values} values for {rows} rows");
        if (values > MaxValuesPerChunk || values > MaxValuesPerFileByte * fs.Length + CountSlack)
            throw Bad($"{values} values is implausible for a {fs.Length}-byte file");

        // Parquet.Net starts at the lowest non-zero of these offsets and reads pages until it has all values.
        long start = long.MaxValue;
        foreach (var offset in new[] { meta.DictionaryPageOffset ?? 0, meta.DataPageOffset, meta.IndexPageOffset ?? 0 })
        {
            if (offset == 0) continue;
            if (offset < 4 || offset >= footerStart) throw Bad($"page offset {offset} is outside the data");
            start = Math.Min(start, offset);
        }
        if (start == long.MaxValue) throw Bad("no page offset");

        long position = start, seen = 0;
        while (seen < values)
        {
            if (position >= footerStart) throw Bad($"pages end after {seen} of {values} values");
            var page = ReadPageHeader(fs, position, footerStart, Bad);
            if (page.Compressed < 0 || page.Compressed > footerStart - position - page.HeaderLength)
                throw Bad($"page at byte {position} claims {page.Compressed} bytes");
            if (page.Uncompressed < 0 || page.Uncompressed > Math.Max(PlainPageBytes, MaxCompressionRatio * page.Compressed))
                throw Bad($"page at byte {position} claims {page.Uncompressed} bytes uncompressed from {page.Compressed}");
            switch (page.Type)
            {
                case 0: // data page v1
                case 3: // data page v2
                    if (page.Values < 0 || page.Values > values - seen)
                        throw Bad($"page at byte {position} claims {page.Values} values, {values - seen} remain");
                    if (page.LevelBytes < 0 || page.LevelBytes > page.Compressed || page.LevelBytes > page.Uncompressed)
                        throw Bad($"page at byte {position} claims {page.LevelBytes} bytes of levels");
                    seen += page.Values;
                    break;
                case 2: // dictionary page: PLAIN strings take at least a 4-byte length each
                    if (page.Values < 0 || page.Values > page.Uncompressed / 4)
                        throw Bad($"dictionary page at byte {position} claims {page.Values} entries in {page.Uncompressed} bytes");
                    break;
            }
            position += page.HeaderLength + page.Compressed;
        }
        return (int)values;
    }

    readonly record struct PageHeader(int Type, long Uncompressed, long Compressed, long Values, long LevelBytes, int HeaderLength);

    static PageHeader ReadPageHeader(FileStream fs, long position, long limit, Func<string, LetheException> bad)
    {
        var available = (int)Math.Min(limit - position, MaxPageHeaderBytes);
        var window = Math.Min(available, 4096);
        while (true)
        {
            var bytes = new byte[window];
            fs.Seek(position, SeekOrigin.Begin);
            fs.ReadExactly(bytes);
            try
            {
                return ParsePageHeader(bytes);
            }
            catch (ThriftScanException e) when (e.OutOfData && window < available)
            {
                // Headers are usually tens of bytes; statistics can make one longer, so widen and retry.
                window = (int)Math.Min(available, Math.Max((long)window * 2, e.BytesNeeded));
            }
            catch (ThriftScanException e)
            {
                throw bad($"page header at byte {position}: {e.Message}");
            }
        }
    }

    // Field ids from parquet.thrift: PageHeader{1 type, 2 uncompressed_page_size, 3 compressed_page_size,
    // 5 data_page_header, 7 dictionary_page_header, 8 data_page_header_v2}; each nested header's field 1 is
    // num_values; DataPageHeaderV2{5 definition_levels_byte_length, 6 repetition_levels_byte_length}.
    static PageHeader ParsePageHeader(ReadOnlySpan<byte> bytes)
    {
        var s = new ThriftCompactScanner(bytes);
        long? type = null, uncompressed = null, compressed = null;
        long values = 0, levels = 0;
        short last = 0;
        while (s.NextField(ref last, out var id, out var t))
        {
            switch (id)
            {
                case 1: type = s.ReadInteger(t); break;
                case 2: uncompressed = s.ReadInteger(t); break;
                case 3: compressed = s.ReadInteger(t); break;
                case 5 or 7 or 8 when t == 12:
                {
                    short innerLast = 0;
                    while (s.NextField(ref innerLast, out var innerId, out var it))
                    {
                        if (innerId == 1) values = s.ReadInteger(it);
                        else if (id == 8 && innerId is 5 or 6) levels += s.ReadInteger(it);
                        else s.Skip(it, 1);
                    }
                    break;
                }
                default: s.Skip(t, 0); break;
            }
        }
        if (type is null || uncompressed is null || compressed is null)
            throw new ThriftScanException("lacks its type or sizes", false);
        return new PageHeader((int)Math.Clamp(type.Value, -1, int.MaxValue), uncompressed.Value, compressed.Value, values, levels, s.Position);
    }

    static LetheException Corrupt(string path, string problem) => DataErrors.At(path, null, null, problem);
}
