using System.Text;
using Lethe.Tokenization;
using Xunit;

namespace Lethe.Tests.Tokenization;

/// <summary>Generated corpora and probe strings for the tokenizer tests (no real tokenizer exists on this machine).</summary>
internal static class TokenizerTestData
{
    static readonly string[] Common =
    [
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not",
        "he", "she", "they", "this", "are", "or", "his", "her", "from", "at", "which", "but", "have", "an", "had",
        "you", "were", "their", "one", "all", "we", "can", "has", "there", "been", "if", "more", "when", "will",
        "would", "who", "so", "no", "author", "book", "novel", "wrote", "born", "father", "mother", "city", "year",
        "award", "story", "character", "question", "answer", "famous", "known", "writing", "world", "history",
        "science", "water", "light", "house", "school", "people", "time", "life", "day", "work", "family",
    ];

    static readonly string[] Syllables = ["ka", "lo", "mi", "ren", "dor", "tha", "vel", "sar", "qui", "bel", "mon", "tri", "xa", "zu", "pe", "lan"];
    static readonly string[] Punct = [".", ",", "!", "?", ";", ":", " -", "...", "'s", "n't", "'re", "'ll"];

    /// <summary>Deterministic English-like text of about <paramref name="chars"/> characters, in lines.</summary>
    public static List<string> English(int seed, int chars)
    {
        var rng = new Random(seed);
        var rare = Enumerable.Range(0, 3000).Select(_ =>
        {
            var sb = new StringBuilder();
            int n = rng.Next(2, 5);
            for (int i = 0; i < n; i++) sb.Append(Syllables[rng.Next(Syllables.Length)]);
            return sb.ToString();
        }).ToArray();
        var lines = new List<string>();
        int total = 0;
        while (total < chars)
        {
            var sb = new StringBuilder();
            int sentences = rng.Next(1, 5);
            for (int s = 0; s < sentences; s++)
            {
                int words = rng.Next(4, 18);
                for (int w = 0; w < words; w++)
                {
                    if (w > 0) sb.Append(' ');
                    double r = rng.NextDouble();
                    string word = r < 0.7 ? Common[(int)(Common.Length * Math.Pow(rng.NextDouble(), 2))]
                        : r < 0.93 ? rare[(int)(rare.Length * Math.Pow(rng.NextDouble(), 3))]
                        : r < 0.98 ? rng.Next(0, 3000).ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : rng.Next(4) switch { 0 => "café", 1 => "naïve", 2 => "東京", _ => "😀" };
                    if (w == 0) word = char.ToUpperInvariant(word[0]) + word[1..];
                    sb.Append(word);
                    if (rng.NextDouble() < 0.08) sb.Append(Punct[rng.Next(Punct.Length)]);
                }
                sb.Append(rng.NextDouble() < 0.8 ? ". " : "? ");
            }
            if (rng.NextDouble() < 0.1) sb.Append("\n");
            lines.Add(sb.ToString().TrimEnd() + "\n");
            total += sb.Length;
        }
        return lines;
    }

    /// <summary>Hand-picked hard cases plus random strings over a mixed alphabet.</summary>
    public static List<string> Probes(int seed, int randomCount, params string[] extra)
    {
        var list = new List<string>
        {
            "Hello world", "Hello, world! How are you?", "  leading spaces", "trailing   ", "multiple     spaces  between",
            "tabs\tand\nnewlines\r\nand\n\n\nmore", "\n", "\n\n", " ", "   ", "a", "I", "numbers 12345 and 3.14159, 1,000,000 and 007",
            "don't it's we'll they've I'm you'd HE'S SHE'LL", "UPPER lower MiXeD CamelCaseWord snake_case_word",
            "naïve café résumé Ünïcödé", "日本語のテキストと東京", "emoji 😀🎉 and 👍🏽 family 👨‍👩‍👧 flag 🇫🇷", "😀abc", "abc😀", " 😀 ",
            "math 𝐀𝐁𝐂 𝟏𝟐𝟑 and 𠀀𠀁", "Ελληνικά και Русский текст", "العربية עברית हिन्दी", "punctuation!!! ??? ... --- ((()))",
            "code: def f(x):\n    return x**2  # square", "URL https://example.com/path?q=1&r=2", "mixed\u00a0no-break\u3000space",
            "zero\u200bwidth", "'quoted' \"double\" `back`", "The author was born in 1950.", "ends with newline\n",
            "x" + new string('y', 300), "12345678901234567890",
        };
        list.AddRange(extra);
        var rng = new Random(seed);
        string[] pool =
        [
            "a", "b", "e", "t", "th", "he", "the", " ", " ", "  ", "\n", "\t", "\r\n", ".", ",", "'", "'s", "!", "?", "-", "0", "1", "42", "999",
            "é", "ü", "ß", "ñ", "東", "京", "語", "😀", "🎉", "👍🏽", "𝐀", "\u0301", "Ω", "й", "ж", "∑", "€", "©", "\u00a0", "A", "Z", "author",
        ];
        for (int i = 0; i < randomCount; i++)
        {
            var sb = new StringBuilder();
            int n = rng.Next(1, 25);
            for (int k = 0; k < n; k++) sb.Append(pool[rng.Next(pool.Length)]);
            list.Add(sb.ToString());
        }
        return list;
    }
}

/// <summary>The Hugging Face tokenizers library (Rust) through Tokenizers.DotNet: encodes with special tokens, decodes without them.</summary>
internal sealed class HfReference : IDisposable
{
    readonly Tokenizers.DotNet.Tokenizer _tokenizer;

    public HfReference(string tokenizerJson) => _tokenizer = new Tokenizers.DotNet.Tokenizer(tokenizerJson);

    public int[] Encode(string text) => _tokenizer.Encode(text).Select(x => (int)x).ToArray();

    public string Decode(IEnumerable<int> ids) => _tokenizer.Decode(ids.Select(x => (uint)x).ToArray());

    public void Dispose() => _tokenizer.Dispose();
}

internal static class TokenizerAssert
{
    /// <summary>
    /// Lethe and the Rust library give the same ids (special tokens added) and the same text back (special
    /// tokens skipped) for every string. Text that starts with the BOS string is the one allowed difference:
    /// Rust then has a second BOS, Lethe never does.
    /// </summary>
    public static int SameAsReference(HfTokenizer lethe, HfReference hf, IEnumerable<string> texts)
    {
        int n = 0;
        foreach (var text in texts)
        {
            var expected = hf.Encode(text);
            var actual = lethe.Encode(text).ToArray();
            if (lethe.BosId is int bos && lethe.SpecialPrefixIds.Count == 1 && lethe.BosToken is string bosText
                && text.StartsWith(bosText, StringComparison.Ordinal))
            {
                Assert.True(expected.Length >= 2 && expected[0] == bos && expected[1] == bos, $"reference should double BOS for {Show(text)}");
                expected = expected[1..];
            }
            if (!expected.SequenceEqual(actual))
                Assert.Fail($"ids differ for {Show(text)}\n  hf:    [{string.Join(", ", expected)}]\n  lethe: [{string.Join(", ", actual)}]");
            Assert.Equal(hf.Decode(actual), lethe.Decode(actual, skipSpecialTokens: true));
            n++;
        }
        return n;
    }

    public static string Show(string s) => "\"" + s.Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t") + "\"";
}
