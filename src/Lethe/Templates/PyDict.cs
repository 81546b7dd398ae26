namespace Lethe.Templates;

/// <summary>
/// A Python dict: insertion-ordered (iteration, items(), tojson and repr follow it) with Python key equality
/// (1, 1.0 and True are the same key). Immutable once built, as the sandbox requires.
/// </summary>
internal sealed class PyDict
{
    public static readonly PyDict Empty = new();

    // OrderedDictionary keys cannot be null; Python's None key is stored as this sentinel.
    static readonly object NoneKey = new();

    readonly OrderedDictionary<object, object?> _map = new(PyKeyComparer.Instance);

    public int Count => _map.Count;

    /// <summary>Sets a key as Python's d[k] = v does: a new key goes last, an existing key keeps its place.</summary>
    public void Set(object? key, object? value)
    {
        EnsureHashable(key);
        _map[key ?? NoneKey] = value;
    }

    public bool TryGet(object? key, out object? value) => _map.TryGetValue(key ?? NoneKey, out value);

    public bool ContainsKey(object? key) => _map.ContainsKey(key ?? NoneKey);

    public IEnumerable<object?> Keys => _map.Keys.Select(k => ReferenceEquals(k, NoneKey) ? null : k);

    public IEnumerable<object?> Values => _map.Values;

    public IEnumerable<KeyValuePair<object?, object?>> Items =>
        _map.Select(kv => new KeyValuePair<object?, object?>(ReferenceEquals(kv.Key, NoneKey) ? null : kv.Key, kv.Value));

    /// <summary>Python's hash/eq for dict keys: numbers by value across int/float/bool, strings ordinal,
    /// tuples by content. Lists, dicts and namespaces are unhashable.</summary>
    sealed class PyKeyComparer : IEqualityComparer<object>
    {
        public static readonly PyKeyComparer Instance = new();

        public new bool Equals(object? x, object? y)
        {
            if (ReferenceEquals(x, NoneKey) || ReferenceEquals(y, NoneKey)) return ReferenceEquals(x, y);
            return PyOps.Equal(x, y);
        }

        public int GetHashCode(object obj) => Hash(obj);

        static int Hash(object? obj) => obj switch
        {
            null => 0,
            bool b => b ? 1 : 0,
            long l => l.GetHashCode(),
            double d when d == Math.Floor(d) && Math.Abs(d) < 9.2e18 => ((long)d).GetHashCode(),
            double d => d.GetHashCode(),
            string s => string.GetHashCode(s, StringComparison.Ordinal),
            Markup m => string.GetHashCode(m.Text, StringComparison.Ordinal),
            PyList { IsTuple: true } t => t.Aggregate(17, (h, x) => h * 31 + Hash(x)),
            _ => obj.GetHashCode(),
        };
    }

    public static void EnsureHashable(object? key)
    {
        switch (key)
        {
            case PyList { IsTuple: true } t:
                foreach (var item in t) EnsureHashable(item);
                break;
            case PyList or PyDict or Namespace:
                throw PyException.Type($"unhashable type: '{PyOps.TypeName(key)}'");
        }
    }
}
