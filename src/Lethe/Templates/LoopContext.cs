namespace Lethe.Templates;

/// <summary>
/// The <c>loop</c> variable inside <c>{% for %}</c>: index, index0, revindex, revindex0, first, last, length,
/// depth, depth0, previtem, nextitem, cycle(...), changed(...), and <c>loop(items)</c> in a recursive loop.
/// </summary>
internal sealed class LoopContext(IReadOnlyList<object?> items, int depth0, Func<object?, int, string>? recurse) : IPyCallable
{
    List<object?>? _lastChanged;

    public int Index0 { get; set; }
    public int Length => items.Count;
    public int Depth0 => depth0;

    public object? Get(string attr) => attr switch
    {
        "index" => (long)Index0 + 1,
        "index0" => (long)Index0,
        "revindex" => (long)(Length - Index0),
        "revindex0" => (long)(Length - Index0 - 1),
        "first" => Index0 == 0,
        "last" => Index0 == Length - 1,
        "length" => (long)Length,
        "depth" => (long)depth0 + 1,
        "depth0" => (long)depth0,
        "previtem" => Index0 > 0 ? items[Index0 - 1] : Undefined.WithHint("there is no previous item"),
        "nextitem" => Index0 + 1 < Length ? items[Index0 + 1] : Undefined.WithHint("there is no next item"),
        "cycle" => new BoundMethod(this, "cycle", (_, a) => Cycle(a)),
        "changed" => new BoundMethod(this, "changed", (_, a) => Changed(a)),
        _ => Undefined.Member(this, attr),
    };

    object? Cycle(CallArguments args)
    {
        if (args.Positional.Count == 0) throw PyException.Type("no items for cycling given");
        return args.Positional[Index0 % args.Positional.Count];
    }

    /// <summary>True the first time and whenever the arguments differ from the previous call's.</summary>
    object? Changed(CallArguments args)
    {
        var values = args.Positional.ToList();
        if (_lastChanged is not null && _lastChanged.Count == values.Count
            && _lastChanged.Zip(values).All(p => PyOps.Equal(p.First, p.Second)))
            return false;
        _lastChanged = values;
        return true;
    }

    public object? Call(Renderer renderer, CallArguments args)
    {
        if (recurse is null)
            throw PyException.Type("The loop must have the 'recursive' marker to be called recursively.");
        var bound = args.Bind("loop", ["iterable"], CallArguments.Required);
        return recurse(bound[0], depth0 + 1);
    }
}
