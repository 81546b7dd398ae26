namespace Lethe.Training;

/// <summary>A NaN or Inf loss or gradient: the run stops, naming the step and the term, before the weights change.</summary>
public sealed class NonFiniteException : LetheException
{
    /// <summary>Something other than a loss term, e.g. "gradient".</summary>
    public NonFiniteException(int step, string what) : base(Text(step, $"the {what} is"), 4) { }

    /// <summary>Names the non-finite loss terms; the total ("loss") only when no component is named.</summary>
    public NonFiniteException(int step, IReadOnlyList<string> terms) : base(Text(step, Describe(terms)), 4) { }

    static string Text(int step, string subject)
        => $"step {step}: {subject} not finite (NaN or Inf); the run stopped before updating the weights — " +
           "lower the learning rate or check the data; the last saved checkpoint is intact";

    static string Describe(IReadOnlyList<string> terms)
    {
        var named = terms.Count > 1 ? terms.Where(t => t != "loss").ToList() : terms.ToList();
        return named.Count == 1 ? $"the {named[0]} term is" : $"the {string.Join(", ", named)} terms are";
    }
}
