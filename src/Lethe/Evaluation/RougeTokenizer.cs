namespace Lethe.Evaluation;

/// <summary>
/// The tokenizer of Google's rouge_score (0.1.2) with <c>use_stemmer=True</c>: Python <c>str.lower()</c>, every run
/// of characters outside ASCII [a-z0-9] becomes a separator, tokens longer than three characters are stemmed with
/// NLTK's Porter stemmer, and empty tokens are dropped.
/// </summary>
/// <remarks>
/// Hand-written because the scores must match rouge_score bit for bit and no library reproduces its exact rules.
/// Only two non-ASCII characters lowercase (in Python) to something containing ASCII letters: U+0130 (İ) becomes
/// "i" + U+0307 — so it yields an 'i' that ends the token — and U+212A (Kelvin sign) becomes "k". Every other
/// non-ASCII character, accented letters included, separates tokens ("José" gives "jos"). No Unicode normalisation
/// is applied, as rouge_score applies none.
/// </remarks>
public static class RougeTokenizer
{
    /// <summary>Stemmed tokens of <paramref name="text"/>, in order.</summary>
    public static string[] Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = RawTokens(text);
        for (int i = 0; i < tokens.Count; i++) tokens[i] = StemToken(tokens[i]);
        // rouge_score filters empty tokens after stemming, so the same filter sits here, after stemming too.
        tokens.RemoveAll(t => t.Length == 0);
        return tokens.ToArray();
    }

    /// <summary>
    /// What rouge_score makes of one lowercase [a-z0-9] token: stemmed if longer than three characters, else unchanged.
    /// </summary>
    public static string StemToken(string token)
        => token.Length > 3 ? PorterStemmer.Stem(token) : token;

    /// <summary>The lowercase [a-z0-9] runs of <paramref name="text"/> before stemming.</summary>
    public static List<string> RawTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        char[] buffer = new char[text.Length];
        int pos = 0, length;
        while ((length = NextRawToken(text, ref pos, buffer)) > 0)
            tokens.Add(new string(buffer, 0, length));
        return tokens;
    }

    /// <summary>
    /// Writes the next lowercase [a-z0-9] run at or after <paramref name="pos"/> into <paramref name="buffer"/> and
    /// returns its length, or 0 when the text is exhausted. A run is never longer than the text left to read, so a
    /// buffer of <c>text.Length - pos</c> characters always suffices.
    /// </summary>
    internal static int NextRawToken(ReadOnlySpan<char> text, ref int pos, Span<char> buffer)
    {
        int n = 0;
        while (pos < text.Length)
        {
            char c = text[pos++];
            switch (c)
            {
                case >= 'a' and <= 'z' or >= '0' and <= '9':
                    buffer[n++] = c;
                    break;
                case >= 'A' and <= 'Z':
                    buffer[n++] = (char)(c + ('a' - 'A'));
                    break;
                case '\u212A': // KELVIN SIGN lowercases to ASCII 'k'
                    buffer[n++] = 'k';
                    break;
                case '\u0130': // İ lowercases to "i" + U+0307 (combining dot above), and the dot separates
                    buffer[n++] = 'i';
                    return n;
                default:
                    if (n > 0) return n;
                    break;
            }
        }
        return n;
    }
}
