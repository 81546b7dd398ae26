namespace Lethe.Templates;

/// <summary>A value the template can call: built-in globals, bound methods, macros, <c>loop</c>.</summary>
internal interface IPyCallable
{
    object? Call(Renderer renderer, CallArguments args);
}

/// <summary>A global function such as <c>range</c>, <c>namespace</c> or <c>raise_exception</c>.</summary>
internal sealed class BuiltinFunction(string name, Func<Renderer, CallArguments, object?> body) : IPyCallable
{
    public string Name { get; } = name;

    public object? Call(Renderer renderer, CallArguments args) => body(renderer, args);
}

/// <summary>A method looked up on a value (<c>'x'.strip</c>, <c>d.items</c>, <c>loop.cycle</c>), called later.</summary>
internal sealed class BoundMethod(object target, string name, Func<Renderer, CallArguments, object?> body) : IPyCallable
{
    public object Target { get; } = target;
    public string Name { get; } = name;

    public object? Call(Renderer renderer, CallArguments args) => body(renderer, args);
}

/// <summary>
/// A macro (or the <c>caller</c> of a call block) bound to the scope it was defined in. Names the body does not
/// assign are looked up in that scope when the macro runs, as Jinja does.
/// </summary>
internal sealed class Macro(MacroDef definition, Scope closure) : IPyCallable
{
    public MacroDef Definition { get; } = definition;
    public Scope Closure { get; } = closure;

    /// <summary>Whether the body reads <c>varargs</c>, <c>kwargs</c> or <c>caller</c>: only then does the macro
    /// accept extra positional arguments, extra keyword arguments or a caller.</summary>
    public bool UsesVarargs { get; } = AstNames.Reads(definition.Body, "varargs");
    public bool UsesKwargs { get; } = AstNames.Reads(definition.Body, "kwargs");
    public bool UsesCaller { get; } = AstNames.Reads(definition.Body, "caller");

    public object? Call(Renderer renderer, CallArguments args) => renderer.CallMacro(this, args, caller: null);
}

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
