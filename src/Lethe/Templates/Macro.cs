namespace Lethe.Templates;

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
