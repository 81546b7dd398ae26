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
