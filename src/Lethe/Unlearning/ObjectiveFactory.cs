namespace Lethe.Unlearning;

public static class ObjectiveFactory
{
    public static IUnlearningObjective Create(string method) => method switch
    {
        "pmc" => new PmcObjective(),
        "grad_ascent" => new GradAscentObjective(),
        "grad_diff" => new GradDiffObjective(),
        "idk" => new IdkObjective(),
        "npo" => new NpoObjective(),
        "simnpo" => new SimNpoObjective(),
        _ => throw new LetheException($"unknown unlearning method '{method}' (one of {string.Join(", ", UnlearnConfig.Methods)})"),
    };

    /// <summary>Methods that need a frozen reference model.</summary>
    public static bool NeedsReference(UnlearnConfig c) => c.Method == "npo" || (c.Method == "pmc" && c.Reward == "rouge_fluency");
}
