using Lethe.Evaluation;
using Xunit;

namespace Lethe.Tests.Evaluation;

/// <summary>The places where NLTK's default mode departs from the published Porter algorithm.</summary>
public class PorterStemmerTests
{
    [Theory]
    [InlineData("skies", "sky")]
    [InlineData("dying", "die")]
    [InlineData("lying", "lie")]
    [InlineData("tying", "tie")]
    [InlineData("news", "news")]
    [InlineData("innings", "inning")]
    [InlineData("outings", "outing")]
    [InlineData("cannings", "canning")]
    [InlineData("howe", "howe")]
    [InlineData("proceed", "proceed")]
    [InlineData("exceed", "exceed")]
    [InlineData("succeed", "succeed")]
    public void IrregularFormsBypassTheRules(string word, string stem) => Assert.Equal(stem, PorterStemmer.Stem(word));

    [Theory]
    [InlineData("dies", "die")]   // four letters: "ies" -> "ie"
    [InlineData("flies", "fli")]  // longer: "ies" -> "i"
    [InlineData("died", "die")]
    [InlineData("spied", "spi")]
    public void IesAndIedKeepIeOnFourLetterWords(string word, string stem) => Assert.Equal(stem, PorterStemmer.Stem(word));

    [Theory]
    [InlineData("happy", "happi")]
    [InlineData("enjoy", "enjoy")] // y after a vowel stays
    [InlineData("spy", "spi")]     // no vowel needed before the consonant
    public void YBecomesIOnlyAfterANonInitialConsonant(string word, string stem) => Assert.Equal(stem, PorterStemmer.Stem(word));

    [Theory]
    [InlineData("a")]
    [InlineData("is")]
    [InlineData("")]
    public void OneAndTwoLetterWordsAreUnchanged(string word) => Assert.Equal(word, PorterStemmer.Stem(word));

    [Fact]
    public void OddInputNeverThrowsOrComesBackEmpty()
    {
        foreach (var w in new[] { "yyyy", "ssss", "eeee", "1234", "aaaaing", "yyying", "bbbbed", "logi", "alli", "ational" })
            Assert.False(string.IsNullOrEmpty(PorterStemmer.Stem(w)), w);
    }
}
