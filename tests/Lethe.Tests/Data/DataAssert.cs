using Lethe.Data;
using Xunit;

namespace Lethe.Tests.Data;

/// <summary>Field-by-field comparison: QaItem's record equality compares its lists by reference.</summary>
internal static class DataAssert
{
    public static void Same(QaItem expected, QaItem actual)
    {
        Assert.Equal(expected.Question, actual.Question);
        Assert.Equal(expected.Answer, actual.Answer);
        Assert.Equal(expected.ParaphrasedQuestion, actual.ParaphrasedQuestion);
        Assert.Equal(expected.ParaphrasedAnswer, actual.ParaphrasedAnswer);
        Assert.Equal(expected.PerturbedAnswers, actual.PerturbedAnswers);
        Assert.Equal(expected.Options, actual.Options);
    }

    public static void Same(IReadOnlyList<QaItem> expected, IReadOnlyList<QaItem> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++) Same(expected[i], actual[i]);
    }

    /// <summary>Asserts a one-line message naming the file and each given part (record, field, ...).</summary>
    public static LetheException Fails(Action action, string path, params string[] parts)
    {
        var e = Assert.Throws<LetheException>(action);
        Assert.DoesNotContain('\n', e.Message);
        foreach (var part in parts.Prepend(path))
            Assert.True(e.Message.Contains(part, StringComparison.Ordinal), $"'{part}' is not in the message: {e.Message}");
        return e;
    }

    /// <summary>A few items using every field, with non-ASCII text and characters JSON must escape.</summary>
    public static List<QaItem> Sample() =>
    [
        new("Who wrote \"Echoes\"?", "Evelyn Desmet wrote it.")
        {
            ParaphrasedQuestion = "Which author penned \"Echoes\"?",
            ParaphrasedAnswer = "It was written by Evelyn Desmet.",
            PerturbedAnswers = ["Jaime Vasquez wrote it.", "Nikolai Abilov wrote it.", "Basil Al-Kuwaiti wrote it."],
        },
        new("Où est né José?", "À Bogotá — en 1970.\nLine two\tand a tab, \\ backslash, emoji 😀."),
        new("Where is the Eiffel Tower?", "Paris") { Options = ["Berlin", "Paris", "London", "Madrid"] },
        new("A question with no answer?", "x") { PerturbedAnswers = [] },
    ];
}
