namespace Lethe.Data;

/// <summary>TOFU's JSON/Parquet field names, as the readers and <see cref="DatasetWriter"/> spell them.</summary>
public static class TofuFields
{
    public const string Question = "question";
    public const string Answer = "answer";
    public const string ParaphrasedQuestion = "paraphrased_question";
    public const string ParaphrasedAnswer = "paraphrased_answer";
    public const string PerturbedAnswer = "perturbed_answer";

    /// <summary>TOFU has <c>option1</c>..<c>option4</c>; this many are read, in order.</summary>
    public const int MaxOptions = 4;

    /// <summary><c>option1</c> for index 0.</summary>
    public static string Option(int index) => "option" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
