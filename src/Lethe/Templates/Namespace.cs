namespace Lethe.Templates;

/// <summary>
/// The object <c>namespace(...)</c> returns: the only value a template may change after creating it, through
/// <c>{% set ns.attr = value %}</c>, which is how templates carry state out of a loop.
/// </summary>
internal sealed class Namespace
{
    readonly PyDict _attrs = new();

    public void Set(string name, object? value) => _attrs.Set(name, value);

    public bool TryGet(string name, out object? value) => _attrs.TryGet(name, out value);

    /// <summary>For repr(): the attributes as a dict.</summary>
    public PyDict Attributes => _attrs;
}
