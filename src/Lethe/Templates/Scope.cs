namespace Lethe.Templates;

/// <summary>
/// One level of variable bindings. Jinja gives each for-loop iteration, macro call, with-block, set-block and
/// filter-block its own scope, so assignments inside them do not leak out; if-blocks share their parent's.
/// Lookups fall back to the enclosing scopes, ending at the render variables and the globals.
/// </summary>
internal sealed class Scope(Scope? parent)
{
    readonly Dictionary<string, object?> _vars = new(StringComparer.Ordinal);

    public bool TryGet(string name, out object? value)
    {
        for (var s = this; s is not null; s = s.Parent)
            if (s._vars.TryGetValue(name, out value)) return true;
        value = null;
        return false;
    }

    public void Set(string name, object? value) => _vars[name] = value;

    Scope? Parent { get; } = parent;
}
