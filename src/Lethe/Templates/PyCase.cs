using System.Globalization;
using System.Text;

namespace Lethe.Templates;

/// <summary>
/// Python's str.upper(), lower(), title() and capitalize(), which use Unicode's full case mappings: "ß".upper()
/// is "SS", "İ".lower() is "i̇", a final Σ lower-cases to ς. .NET's invariant casing is one-to-one, so the
/// code points where Python (3.11, Unicode 14) maps differently are listed below as "codepoint:mapping;" in hex;
/// everything else uses .NET's mapping. The data is Unicode's SpecialCasing, generated once from Python.
/// </summary>
internal static class PyCase
{
    const string UpperData =
        ""
        + "df:53 53;131:49;149:2bc 4e;17f:53;1f0:4a 30c;390:399 308 301;3b0:3a5 308 301;587:535 552;1e96:48 331;"
        + "1e97:54 308;1e98:57 30a;1e99:59 30a;1e9a:41 2be;1f50:3a5 313;1f52:3a5 313 300;1f54:3a5 313 301;"
        + "1f56:3a5 313 342;1f80:1f08 399;1f81:1f09 399;1f82:1f0a 399;1f83:1f0b 399;1f84:1f0c 399;1f85:1f0d 399;"
        + "1f86:1f0e 399;1f87:1f0f 399;1f88:1f08 399;1f89:1f09 399;1f8a:1f0a 399;1f8b:1f0b 399;1f8c:1f0c 399;"
        + "1f8d:1f0d 399;1f8e:1f0e 399;1f8f:1f0f 399;1f90:1f28 399;1f91:1f29 399;1f92:1f2a 399;1f93:1f2b 399;"
        + "1f94:1f2c 399;1f95:1f2d 399;1f96:1f2e 399;1f97:1f2f 399;1f98:1f28 399;1f99:1f29 399;1f9a:1f2a 399;"
        + "1f9b:1f2b 399;1f9c:1f2c 399;1f9d:1f2d 399;1f9e:1f2e 399;1f9f:1f2f 399;1fa0:1f68 399;1fa1:1f69 399;"
        + "1fa2:1f6a 399;1fa3:1f6b 399;1fa4:1f6c 399;1fa5:1f6d 399;1fa6:1f6e 399;1fa7:1f6f 399;1fa8:1f68 399;"
        + "1fa9:1f69 399;1faa:1f6a 399;1fab:1f6b 399;1fac:1f6c 399;1fad:1f6d 399;1fae:1f6e 399;1faf:1f6f 399;"
        + "1fb2:1fba 399;1fb3:391 399;1fb4:386 399;1fb6:391 342;1fb7:391 342 399;1fbc:391 399;1fc2:1fca 399;1fc3:397 399;"
        + "1fc4:389 399;1fc6:397 342;1fc7:397 342 399;1fcc:397 399;1fd2:399 308 300;1fd3:399 308 301;1fd6:399 342;"
        + "1fd7:399 308 342;1fe2:3a5 308 300;1fe3:3a5 308 301;1fe4:3a1 313;1fe6:3a5 342;1fe7:3a5 308 342;1ff2:1ffa 399;"
        + "1ff3:3a9 399;1ff4:38f 399;1ff6:3a9 342;1ff7:3a9 342 399;1ffc:3a9 399;fb00:46 46;fb01:46 49;fb02:46 4c;"
        + "fb03:46 46 49;fb04:46 46 4c;fb05:53 54;fb06:53 54;fb13:544 546;fb14:544 535;fb15:544 53b;fb16:54e 546;"
        + "fb17:544 53d;";

    const string TitleData =
        ""
        + "df:53 73;1c4:1c5;1c5:1c5;1c6:1c5;1c7:1c8;1c8:1c8;1c9:1c8;1ca:1cb;1cb:1cb;1cc:1cb;1f1:1f2;1f2:1f2;1f3:1f2;"
        + "587:535 582;10d0:10d0;10d1:10d1;10d2:10d2;10d3:10d3;10d4:10d4;10d5:10d5;10d6:10d6;10d7:10d7;10d8:10d8;"
        + "10d9:10d9;10da:10da;10db:10db;10dc:10dc;10dd:10dd;10de:10de;10df:10df;10e0:10e0;10e1:10e1;10e2:10e2;10e3:10e3;"
        + "10e4:10e4;10e5:10e5;10e6:10e6;10e7:10e7;10e8:10e8;10e9:10e9;10ea:10ea;10eb:10eb;10ec:10ec;10ed:10ed;10ee:10ee;"
        + "10ef:10ef;10f0:10f0;10f1:10f1;10f2:10f2;10f3:10f3;10f4:10f4;10f5:10f5;10f6:10f6;10f7:10f7;10f8:10f8;10f9:10f9;"
        + "10fa:10fa;10fd:10fd;10fe:10fe;10ff:10ff;1f80:1f88;1f81:1f89;1f82:1f8a;1f83:1f8b;1f84:1f8c;1f85:1f8d;1f86:1f8e;"
        + "1f87:1f8f;1f88:1f88;1f89:1f89;1f8a:1f8a;1f8b:1f8b;1f8c:1f8c;1f8d:1f8d;1f8e:1f8e;1f8f:1f8f;1f90:1f98;1f91:1f99;"
        + "1f92:1f9a;1f93:1f9b;1f94:1f9c;1f95:1f9d;1f96:1f9e;1f97:1f9f;1f98:1f98;1f99:1f99;1f9a:1f9a;1f9b:1f9b;1f9c:1f9c;"
        + "1f9d:1f9d;1f9e:1f9e;1f9f:1f9f;1fa0:1fa8;1fa1:1fa9;1fa2:1faa;1fa3:1fab;1fa4:1fac;1fa5:1fad;1fa6:1fae;1fa7:1faf;"
        + "1fa8:1fa8;1fa9:1fa9;1faa:1faa;1fab:1fab;1fac:1fac;1fad:1fad;1fae:1fae;1faf:1faf;1fb2:1fba 345;1fb3:1fbc;"
        + "1fb4:386 345;1fb7:391 342 345;1fbc:1fbc;1fc2:1fca 345;1fc3:1fcc;1fc4:389 345;1fc7:397 342 345;1fcc:1fcc;"
        + "1ff2:1ffa 345;1ff3:1ffc;1ff4:38f 345;1ff7:3a9 342 345;1ffc:1ffc;fb00:46 66;fb01:46 69;fb02:46 6c;"
        + "fb03:46 66 69;fb04:46 66 6c;fb05:53 74;fb06:53 74;fb13:544 576;fb14:544 565;fb15:544 56b;fb16:54e 576;"
        + "fb17:544 56d;";

    static readonly Dictionary<int, string> Upper = Parse(UpperData);
    static readonly Dictionary<int, string> Title = Parse(TitleData);

    static Dictionary<int, string> Parse(string data)
    {
        var map = new Dictionary<int, string>();
        foreach (var entry in data.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(':');
            map[int.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = string.Concat(parts[1].Split(' ')
                .Select(h => char.ConvertFromUtf32(int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture))));
        }
        return map;
    }

    static bool IsAscii(string s)
    {
        foreach (char c in s)
            if (c >= 0x80) return false;
        return true;
    }

    static IEnumerable<(int Index, Rune Rune)> Runes(string s)
    {
        int i = 0;
        foreach (var r in s.EnumerateRunes())
        {
            yield return (i, r);
            i += r.Utf16SequenceLength;
        }
    }

    public static string ToUpper(string s)
    {
        if (IsAscii(s)) return s.ToUpperInvariant();
        var sb = new StringBuilder(s.Length);
        foreach (var (_, r) in Runes(s)) sb.Append(UpperOf(r));
        return sb.ToString();
    }

    static string UpperOf(Rune r) => Upper.TryGetValue(r.Value, out var m) ? m : Rune.ToUpperInvariant(r).ToString();

    static string TitleOf(Rune r) => Title.TryGetValue(r.Value, out var m) ? m : UpperOf(r);

    public static string ToLower(string s)
    {
        if (IsAscii(s)) return s.ToLowerInvariant();
        var sb = new StringBuilder(s.Length);
        foreach (var (i, r) in Runes(s)) sb.Append(LowerOf(s, i, r));
        return sb.ToString();
    }

    static string LowerOf(string s, int index, Rune r)
    {
        if (r.Value == 0x130) return "i\u0307";
        if (r.Value == 0x3A3) return IsFinalSigma(s, index) ? "\u03C2" : "\u03C3";
        return Rune.ToLowerInvariant(r).ToString();
    }

    /// <summary>Unicode's Final_Sigma: a cased letter before (case-ignorables skipped), none after.</summary>
    static bool IsFinalSigma(string s, int index)
    {
        int j = index - 1;
        while (j >= 0 && IsCaseIgnorable(s[j])) j--;
        if (j < 0 || !IsCased(s[j])) return false;
        int k = index + 1;
        while (k < s.Length && IsCaseIgnorable(s[k])) k++;
        return k >= s.Length || !IsCased(s[k]);
    }

    public static bool IsCased(char c) =>
        char.IsUpper(c) || char.IsLower(c) || char.GetUnicodeCategory(c) == UnicodeCategory.TitlecaseLetter;

    static bool IsCaseIgnorable(char c) =>
        c is '\'' or '.' or ':' or '\u00B7' or '\u2019' || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
            or UnicodeCategory.EnclosingMark or UnicodeCategory.Format or UnicodeCategory.ModifierLetter
            or UnicodeCategory.ModifierSymbol;

    /// <summary>str.title(): a cased character is title-cased after an uncased one, lower-cased otherwise.</summary>
    public static string ToTitle(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool previousCased = false;
        foreach (var (i, r) in Runes(s))
        {
            bool cased = r.IsBmp ? IsCased((char)r.Value) : Rune.IsUpper(r) || Rune.IsLower(r);
            sb.Append(!cased ? r.ToString() : previousCased ? LowerOf(s, i, r) : TitleOf(r));
            previousCased = cased;
        }
        return sb.ToString();
    }

    /// <summary>str.capitalize(): the first character title-cased, the rest lower-cased.</summary>
    public static string Capitalize(string s)
    {
        if (s.Length == 0) return s;
        var first = Rune.GetRuneAt(s, 0);
        var sb = new StringBuilder(s.Length).Append(TitleOf(first));
        foreach (var (i, r) in Runes(s).Skip(1)) sb.Append(LowerOf(s, i, r));
        return sb.ToString();
    }

    /// <summary>str.swapcase().</summary>
    public static string SwapCase(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var (i, r) in Runes(s))
            sb.Append(Rune.IsUpper(r) ? LowerOf(s, i, r) : Rune.IsLower(r) ? UpperOf(r) : r.ToString());
        return sb.ToString();
    }
}
