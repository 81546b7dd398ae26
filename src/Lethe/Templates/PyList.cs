namespace Lethe.Templates;

/// <summary>Which Python sequence type a <see cref="PyList"/> stands for: it decides repr(), equality and
/// which operators apply.</summary>
internal enum SeqKind
{
    List,
    Tuple,
    /// <summary>dict.keys(), dict.values(), dict.items() views: iterable, sized, printed as dict_keys([...]).</summary>
    DictKeys,
    DictValues,
    DictItems,
    /// <summary>range(...): printed as range(start, stop[, step]).</summary>
    Range,
}

/// <summary>
/// An immutable Python list, tuple, dict view or range. The sandbox forbids in-place changes, so every
/// operation builds a new one. Templates change state only through <c>set</c> and namespaces.
/// </summary>
internal sealed class PyList : IReadOnlyList<object?>
{
    public static readonly PyList EmptyList = new([], SeqKind.List);

    readonly object?[] _items;

    public PyList(object?[] items, SeqKind kind = SeqKind.List)
    {
        _items = items;
        Kind = kind;
    }

    public PyList(IEnumerable<object?> items, SeqKind kind = SeqKind.List) : this(items.ToArray(), kind) { }

    public SeqKind Kind { get; }

    /// <summary>For <see cref="SeqKind.Range"/>: the arguments to print.</summary>
    public (long Start, long Stop, long Step) RangeArgs { get; init; }

    /// <summary>For a named tuple (groupby's (grouper, list)): attribute names of the items.</summary>
    public IReadOnlyList<string>? FieldNames { get; init; }

    public bool IsTuple => Kind == SeqKind.Tuple;

    public int Count => _items.Length;

    public object? this[int index] => _items[index];

    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_items).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public static PyList Tuple(params object?[] items) => new(items, SeqKind.Tuple);
}
