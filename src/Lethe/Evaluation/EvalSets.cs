namespace Lethe.Evaluation;

/// <summary>The five question sets of an evaluation; a set that could not be evaluated is null (and a note says why).</summary>
public sealed record EvalSets
{
    public const string ForgetName = "forget";
    public const string ForgetParaphrasedName = "forget_paraphrased";
    public const string RetainShortName = "retain_short";
    public const string WorldFactsName = "world_facts";
    public const string RealAuthorsName = "real_authors";

    /// <summary>Forget questions against their answers.</summary>
    public EvalSetResult? Forget { get; init; }

    /// <summary>Paraphrased forget questions against paraphrased answers.</summary>
    public EvalSetResult? ForgetParaphrased { get; init; }

    /// <summary>Retain items drawn with replacement with a fixed seed.</summary>
    public EvalSetResult? RetainShort { get; init; }

    public EvalSetResult? WorldFacts { get; init; }

    public EvalSetResult? RealAuthors { get; init; }
}
