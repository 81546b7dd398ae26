using Lethe.Evaluation;
using Xunit;

namespace Lethe.Tests.Evaluation;

public class RougeTokenizerTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   \t\n ")]
    [InlineData("!!! ... ---")]
    [InlineData("她出生于成都。")]
    [InlineData("\u01C5 \u01C7 \u00DF")] // ǅ Ǉ ß lowercase to non-ASCII letters, so they only separate
    public void TextWithoutAsciiLettersOrDigitsHasNoTokens(string text)
        => Assert.Empty(RougeTokenizer.Tokenize(text));

    [Fact]
    public void LowercasesAsciiAndSplitsOnEverythingElse()
        => Assert.Equal(["hello", "world", "42", "x", "y"], RougeTokenizer.Tokenize("HeLLo,world!!42 x_y"));

    [Fact]
    public void AccentedLettersSplitWords()
        => Assert.Equal(["jos", "garc", "a"], RougeTokenizer.Tokenize("Jos\u00E9 Garc\u00EDa"));

    [Fact]
    public void DottedCapitalIBecomesIAndEndsTheToken()
    {
        // Python: "İstanbul".lower() == "i\u0307stanbul", and U+0307 is outside [a-z0-9].
        Assert.Equal(["i", "stanbul"], RougeTokenizer.RawTokens("\u0130stanbul"));
        Assert.Equal(["ci", "ty"], RougeTokenizer.RawTokens("C\u0130TY"));
        Assert.Equal(["i", "i"], RougeTokenizer.RawTokens("\u0130\u0130"));
    }

    [Fact]
    public void KelvinSignBecomesAsciiK()
    {
        Assert.Equal(["kelvin"], RougeTokenizer.RawTokens("\u212Aelvin"));
        Assert.Equal(["5k"], RougeTokenizer.RawTokens("5\u212A"));
    }

    [Fact]
    public void OtherLettersThatLowercaseNearAsciiStillSeparate()
    {
        // U+212B ANGSTROM SIGN lowercases to å, fullwidth Ａ to ａ: neither is ASCII.
        Assert.Equal(["a", "b"], RougeTokenizer.RawTokens("a\u212Bb"));
        Assert.Equal(["a", "b"], RougeTokenizer.RawTokens("a\uFF21b"));
    }

    [Fact]
    public void SurrogatePairsAndInvisibleCharactersSeparate()
        => Assert.Equal(["a", "b", "c", "d"], RougeTokenizer.RawTokens("a\U0001F600b\u200Bc\uFEFFd"));

    [Fact]
    public void OnlyTokensLongerThanThreeCharactersAreStemmed()
    {
        // "ties" (4) is stemmed; "was", "has" (3) would lose their s if they were.
        Assert.Equal(["was", "has", "tie"], RougeTokenizer.Tokenize("was has ties"));
        Assert.Equal("was", RougeTokenizer.StemToken("was"));
        Assert.Equal(PorterStemmer.Stem("cats"), RougeTokenizer.StemToken("cats"));
    }

    [Fact]
    public void VocabularyEncodesTheSameTokensAsTheTokenizer()
    {
        var vocabulary = new RougeVocabulary();
        const string text = "Running RUNS ran; the Runner's \u0130zmir \u212Aelvin caf\u00E9 runs";
        var ids = vocabulary.Encode(text);
        Assert.Equal(RougeTokenizer.Tokenize(text), ids.Select(id => vocabulary[id]).ToArray());
        // Same stem, same id: "runs" twice and "running" all become "run".
        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(ids[0], ids[^1]);
    }

    [Fact]
    public void VocabularyHandlesTextLongerThanItsStackBuffer()
    {
        var text = string.Join(' ', Enumerable.Range(0, 600).Select(i => $"Word{i}s"));
        var vocabulary = new RougeVocabulary();
        var ids = vocabulary.Encode(text);
        Assert.Equal(RougeTokenizer.Tokenize(text), ids.Select(id => vocabulary[id]).ToArray());
        Assert.Equal(600, vocabulary.Count);
        // One unbroken 5000-letter word: longer than the stack buffer, still one token.
        Assert.Single(vocabulary.Encode(new string('q', 5000)));
    }
}
