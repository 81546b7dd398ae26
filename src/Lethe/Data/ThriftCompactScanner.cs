namespace Lethe.Data;

/// <summary>
/// Walks Thrift compact-protocol bytes (the encoding of Parquet's footer and page headers) without building
/// anything, checking every length and element count against the bytes actually present. Hand-written because
/// Parquet.Net allocates whatever a corrupt count asks for before noticing the data is not there; running this
/// first bounds its allocations by the file's real size. Only the framing is interpreted, not Parquet's meaning.
/// </summary>
internal ref struct ThriftCompactScanner
{
    const int MaxDepth = 64;

    readonly ReadOnlySpan<byte> _data;
    int _pos;

    public ThriftCompactScanner(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
    }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _pos;

    readonly int Remaining => _data.Length - _pos;

    /// <summary>Reads a field header; false at the struct's stop byte.</summary>
    public bool NextField(ref short lastId, out short id, out int type)
    {
        var b = Byte();
        if (b == 0)
        {
            id = 0;
            type = 0;
            return false;
        }
        type = b & 0x0F;
        var delta = b >> 4;
        id = delta == 0 ? (short)ZigZag() : (short)(lastId + delta);
        lastId = id;
        return true;
    }

    /// <summary>An i16/i32/i64 field value (compact protocol stores all three as zigzag varints).</summary>
    public long ReadInteger(int type)
    {
        if (type is not (4 or 5 or 6)) throw new ThriftScanException($"expected an integer, found thrift type {type}", false);
        return ZigZag();
    }

    public void SkipStruct(int depth = 0)
    {
        if (depth > MaxDepth) throw new ThriftScanException("structures nested too deeply", false);
        short last = 0;
        while (NextField(ref last, out _, out var type)) Skip(type, depth);
    }

    public void Skip(int type, int depth)
    {
        switch (type)
        {
            case 1: case 2: return; // a boolean field keeps its value in the header's type nibble
            case 3: Need(1); return;
            case 4: case 5: case 6: Varint(); return;
            case 7: Need(8); return;
            case 8: Need(Varint()); return;
            case 9: case 10:
            {
                var header = Byte();
                ulong size = (ulong)(header >> 4);
                var elementType = header & 0x0F;
                if (size == 15) size = Varint();
                // Every element takes at least one byte, so a count beyond the bytes left is a lie.
                if (size > (ulong)Remaining) throw new ThriftScanException($"a list claims {size} elements", true);
                for (ulong i = 0; i < size; i++)
                {
                    if (elementType is 1 or 2) Need(1); // list booleans are one byte each
                    else Skip(elementType, depth + 1);
                }
                return;
            }
            case 11:
            {
                var size = Varint();
                if (size == 0) return;
                var kinds = Byte();
                if (size > (ulong)Remaining / 2) throw new ThriftScanException($"a map claims {size} entries", true);
                for (ulong i = 0; i < size; i++)
                {
                    SkipElement(kinds >> 4, depth + 1);
                    SkipElement(kinds & 0x0F, depth + 1);
                }
                return;
            }
            case 12: SkipStruct(depth + 1); return;
            default: throw new ThriftScanException($"unknown thrift type {type}", false);
        }
    }

    void SkipElement(int type, int depth)
    {
        if (type is 1 or 2) Need(1);
        else Skip(type, depth);
    }

    byte Byte()
    {
        if (_pos >= _data.Length) throw new ThriftScanException("ends early", true, _pos + 1);
        return _data[_pos++];
    }

    void Need(ulong n)
    {
        if (n > (ulong)Remaining) throw new ThriftScanException($"a value claims {n} bytes", true, (long)Math.Min(n + (ulong)_pos, long.MaxValue));
        _pos += (int)n;
    }

    ulong Varint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Byte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new ThriftScanException("a number is longer than 10 bytes", false);
    }

    long ZigZag()
    {
        var v = Varint();
        return (long)(v >> 1) ^ -(long)(v & 1);
    }
}

/// <summary>
/// The scanned bytes are not valid Thrift. <see cref="OutOfData"/>: they may only have been cut short, and
/// <see cref="BytesNeeded"/> (when known) says how many would be needed to go on.
/// </summary>
internal sealed class ThriftScanException(string message, bool outOfData, long bytesNeeded = 0) : Exception(message)
{
    public bool OutOfData { get; } = outOfData;
    public long BytesNeeded { get; } = bytesNeeded;
}
