namespace Lethe.Templates;

/// <summary><c>cycler(a, b, ...)</c>: <c>next()</c>, <c>current</c>, <c>reset()</c>.</summary>
internal sealed class Cycler(IReadOnlyList<object?> items)
{
    int _position;

    public object? Current => items[_position];

    public object? Next()
    {
        var value = Current;
        _position = (_position + 1) % items.Count;
        return value;
    }

    public void Reset() => _position = 0;
}

/// <summary><c>joiner(sep)</c>: returns "" the first time it is called, then sep.</summary>
internal sealed class Joiner(string separator) : IPyCallable
{
    bool _used;

    public object? Call(Renderer renderer, CallArguments args)
    {
        args.Bind("joiner", []);
        if (_used) return separator;
        _used = true;
        return "";
    }
}
