namespace Lethe.Templates;

/// <summary>The non-mutating methods of dict (items, keys, values, get, copy) and of list / tuple (count,
/// index, copy). The mutating ones never get here: the sandbox refuses them when they are looked up.</summary>
internal static class PyCollectionMethods
{
    public static bool HasDictMethod(string name) => name is "items" or "keys" or "values" or "get" or "copy";

    public static bool HasSequenceMethod(string name, SeqKind kind) =>
        name is "count" or "index" || (name == "copy" && kind == SeqKind.List);

    public static object? CallDict(PyDict d, string name, CallArguments args)
    {
        switch (name)
        {
            case "items":
                args.Bind(name, []);
                return new PyList(d.Items.Select(kv => (object?)PyList.Tuple(kv.Key, kv.Value)).ToArray(), SeqKind.DictItems);
            case "keys":
                args.Bind(name, []);
                return new PyList(d.Keys.ToArray(), SeqKind.DictKeys);
            case "values":
                args.Bind(name, []);
                return new PyList(d.Values.ToArray(), SeqKind.DictValues);
            case "get":
            {
                var a = args.Bind(name, ["key", "default"], [CallArguments.Required, null]);
                PyDict.EnsureHashable(a[0]);
                return d.TryGet(a[0], out var v) ? v : a[1];
            }
            default: // copy
                args.Bind(name, []);
                var copy = new PyDict();
                foreach (var (k, v) in d.Items) copy.Set(k, v);
                return copy;
        }
    }

    public static object? CallSequence(PyList l, string name, CallArguments args)
    {
        switch (name)
        {
            case "count":
            {
                var a = args.Bind(name, ["value"], [CallArguments.Required]);
                return (long)l.Count(x => PyOps.Equal(x, a[0]));
            }
            case "index":
            {
                var a = args.Bind(name, ["value", "start", "stop"], [CallArguments.Required, null, null]);
                var indices = new PySlice(a[1], a[2], null).Indices(l.Count);
                foreach (int i in indices)
                    if (PyOps.Equal(l[i], a[0])) return (long)i;
                throw PyException.Value(l.IsTuple ? "tuple.index(x): x not in tuple" : $"{PyRepr.Repr(a[0])} is not in list");
            }
            default: // copy
                args.Bind(name, []);
                return new PyList(l.ToArray());
        }
    }
}
