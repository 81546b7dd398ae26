using System.Text;

namespace Lethe.Tokenization;

/// <summary>
/// GPT-2's reversible byte ↔ printable-character table: every byte gets a visible character so a byte
/// string can be a vocabulary key (space → 'Ġ', newline → 'Ċ'). Printable Latin-1 bytes map to
/// themselves; the other 68 bytes map to U+0100 onwards in byte order. Byte-level BPE vocabularies are
/// written in these characters.
/// </summary>
internal static class ByteLevelAlphabet
{
    static readonly char[] ByteToChar = BuildTable();
    static readonly Dictionary<char, byte> CharToByte = BuildReverse();

    public static char Char(byte b) => ByteToChar[b];

    public static bool TryGetByte(char c, out byte b) => CharToByte.TryGetValue(c, out b);

    /// <summary>The UTF-8 bytes of <paramref name="text"/>, each written as its table character.</summary>
    public static string Encode(string text)
    {
        if (text.Length == 0) return text;
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        return string.Create(bytes.Length, bytes, static (dst, src) =>
        {
            for (int i = 0; i < src.Length; i++) dst[i] = ByteToChar[src[i]];
        });
    }

    static char[] BuildTable()
    {
        var table = new char[256];
        var direct = new bool[256];
        for (int b = '!'; b <= '~'; b++) direct[b] = true;
        for (int b = 0xA1; b <= 0xAC; b++) direct[b] = true;
        for (int b = 0xAE; b <= 0xFF; b++) direct[b] = true;
        int n = 0;
        for (int b = 0; b < 256; b++)
            table[b] = direct[b] ? (char)b : (char)(256 + n++);
        return table;
    }

    static Dictionary<char, byte> BuildReverse()
    {
        var d = new Dictionary<char, byte>(256);
        for (int b = 0; b < 256; b++) d[ByteToChar[b]] = (byte)b;
        return d;
    }
}
