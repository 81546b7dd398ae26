using System.Text;

namespace Lethe;

/// <summary>
/// Checks JSON bytes for the two text faults System.Text.Json accepts while parsing and reports only later, as an
/// InvalidOperationException from whichever GetString happens to read the value: bytes that are not UTF-8, and a
/// \uD800–\uDFFF escape without its partner (JSON allows the escape; a .NET string cannot hold it). Checked once
/// up front, they become one clear error naming the file and line. Hand-written: the library has no such check.
/// </summary>
public static class JsonText
{
    static readonly UTF8Encoding Strict = new(false, true);

    /// <summary>Throws a <see cref="LetheException"/> naming <paramref name="source"/> if the text is not well-formed.</summary>
    public static void Check(ReadOnlySpan<byte> json, string source)
    {
        if (Problem(json) is string problem) throw new LetheException($"{source}: {problem}");
    }

    /// <summary>What is wrong with the text, in words, or null when it is well-formed.</summary>
    public static string? Problem(ReadOnlySpan<byte> json)
    {
        try { Strict.GetCharCount(json); }
        catch (DecoderFallbackException e) { return $"not valid UTF-8 (line {LineAt(json, Math.Max(0, e.Index))})"; }
        int at = UnpairedSurrogateEscape(json);
        return at < 0 ? null
            : $"an unpaired surrogate escape \"{Encoding.ASCII.GetString(json.Slice(at, 6))}\" (line {LineAt(json, at)}) is not valid text";
    }

    /// <summary>Offset of the first \uXXXX escape that encodes half a surrogate pair without the other half, or −1.</summary>
    static int UnpairedSurrogateEscape(ReadOnlySpan<byte> s)
    {
        bool expectLow = false;
        int highAt = -1;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\') { if (expectLow) return highAt; continue; }
            if (i + 1 >= s.Length) break;
            if (s[i + 1] != 'u' || i + 5 >= s.Length) { if (expectLow) return highAt; i++; continue; }   // \" \\ \n …: skip the pair
            int unit = Hex(s.Slice(i + 2, 4));
            bool high = unit is >= 0xD800 and <= 0xDBFF, low = unit is >= 0xDC00 and <= 0xDFFF;
            if (expectLow && !low) return highAt;
            if (!expectLow && low) return i;
            expectLow = high;
            if (high) highAt = i;
            i += 5;
        }
        return expectLow ? highAt : -1;
    }

    static int Hex(ReadOnlySpan<byte> four)
    {
        int v = 0;
        foreach (byte b in four)
        {
            int d = b is >= (byte)'0' and <= (byte)'9' ? b - '0' : b is >= (byte)'a' and <= (byte)'f' ? b - 'a' + 10 : b is >= (byte)'A' and <= (byte)'F' ? b - 'A' + 10 : -1;
            if (d < 0) return -1;   // not an escape the parser accepts; it reports that itself
            v = v * 16 + d;
        }
        return v;
    }

    static int LineAt(ReadOnlySpan<byte> s, int offset) => s[..Math.Min(offset, s.Length)].Count((byte)'\n') + 1;
}
