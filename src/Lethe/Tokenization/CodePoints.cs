namespace Lethe.Tokenization;

/// <summary>Code-point helpers: tokenizer.json semantics are defined on Unicode scalar values, .NET strings are UTF-16.</summary>
internal static class CodePoints
{
    /// <summary>The code point at <paramref name="index"/>, combining a surrogate pair when one starts there.</summary>
    public static int At(string s, int index)
        => char.IsHighSurrogate(s[index]) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1])
            ? char.ConvertToUtf32(s[index], s[index + 1]) : s[index];

    /// <summary>Whether the string has a surrogate that is not part of a pair (not encodable as UTF-8).</summary>
    public static bool HasLoneSurrogate(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(s[i])) return true;
        }
        return false;
    }
}
