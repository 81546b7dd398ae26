namespace Lethe.Templates;

/// <summary>A Python slice <c>start:stop:step</c> (each may be None), as used by <c>x[::-1]</c>.</summary>
internal sealed class PySlice(object? start, object? stop, object? step)
{
    public object? Start { get; } = start;
    public object? Stop { get; } = stop;
    public object? Step { get; } = step;

    /// <summary>The indices a slice selects from a sequence of <paramref name="length"/>, as slice.indices().</summary>
    public IEnumerable<int> Indices(int length)
    {
        long step = Step is null ? 1 : Index(Step);
        if (step == 0) throw PyException.Value("slice step cannot be zero");
        long lower = step < 0 ? -1 : 0, upper = step < 0 ? length - 1 : length;
        long start = Start is null ? (step < 0 ? upper : lower) : Clamp(Index(Start), length, lower, upper);
        long stop = Stop is null ? (step < 0 ? lower : upper) : Clamp(Index(Stop), length, lower, upper);
        if (step > 0)
            for (long i = start; i < stop; i += step) yield return (int)i;
        else
            for (long i = start; i > stop; i += step) yield return (int)i;
    }

    static long Clamp(long v, int length, long lower, long upper)
    {
        if (v < 0) return Math.Max(v + length, lower);
        return Math.Min(v, upper);
    }

    static long Index(object? v) => v switch
    {
        bool b => b ? 1 : 0,
        long l => l,
        _ => throw PyException.Type("slice indices must be integers or None or have an __index__ method"),
    };
}
