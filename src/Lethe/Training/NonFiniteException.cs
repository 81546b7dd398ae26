namespace Lethe.Training;

/// <summary>A NaN or Inf loss or gradient: the run stops, naming the step and the term, before the weights change.</summary>
public sealed class NonFiniteException : LetheException
{
    public NonFiniteException(int step, string term)
        : base($"step {step}: the {term} is not finite (NaN or Inf); the run stopped before updating the weights — " +
               "lower the learning rate or check the data; the last saved checkpoint is intact", 4) { }
}
