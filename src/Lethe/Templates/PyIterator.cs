namespace Lethe.Templates;

/// <summary>
/// A one-shot Python iterator, as Jinja's <c>map</c>, <c>select</c>, <c>selectattr</c>, <c>reject</c>,
/// <c>rejectattr</c>, <c>unique</c>, <c>items</c> and <c>reverse</c> filters return generators. It is always
/// true (even when empty), has no length, and a second loop over it sees nothing: templates that rely on
/// that behave here as in Python.
/// </summary>
internal sealed class PyIterator(IEnumerable<object?> source, string typeName)
{
    IEnumerator<object?>? _enumerator = source.GetEnumerator();

    /// <summary>Python type name: "generator", "list_reverseiterator", ...</summary>
    public string TypeName { get; } = typeName;

    /// <summary>Yields the remaining items, consuming them.</summary>
    public IEnumerable<object?> Consume()
    {
        while (_enumerator is not null && _enumerator.MoveNext()) yield return _enumerator.Current;
        _enumerator?.Dispose();
        _enumerator = null;
    }

    /// <summary>next(it): the next item, or false when exhausted.</summary>
    public bool TryNext(out object? item)
    {
        if (_enumerator is not null && _enumerator.MoveNext())
        {
            item = _enumerator.Current;
            return true;
        }
        item = null;
        return false;
    }
}
