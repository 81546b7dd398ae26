namespace Lethe.Templates;

/// <summary>Jinja2 3.1's built-in tests (<c>x is defined</c>, <c>x is string</c>, <c>n is divisibleby 3</c>, ...),
/// with Python's notion of each type: a bool is a number, a string is iterable and a sequence, a dict is a
/// sequence, and an undefined value is iterable, a sequence and callable.</summary>
internal static class JinjaTests
{
    public delegate bool TestFunc(Renderer renderer, object? value, CallArguments args);

    static TestFunc NoArgs(string name, Func<object?, bool> test) => (_, v, a) =>
    {
        a.Bind(name, []);
        return test(v);
    };

    static TestFunc OneArg(string name, string param, Func<object?, object?, bool> test) => (_, v, a) =>
    {
        var bound = a.Bind(name, [param], CallArguments.Required);
        return test(v, bound[0]);
    };

    static readonly Dictionary<string, TestFunc> Table = new()
    {
        ["defined"] = NoArgs("defined", v => v is not Undefined),
        ["undefined"] = NoArgs("undefined", v => v is Undefined),
        ["none"] = NoArgs("none", v => v is null),
        ["boolean"] = NoArgs("boolean", v => v is bool),
        ["true"] = NoArgs("true", v => v is true),
        ["false"] = NoArgs("false", v => v is false),
        ["integer"] = NoArgs("integer", v => v is long),
        ["float"] = NoArgs("float", v => v is double),
        ["number"] = NoArgs("number", PyOps.IsNumber),
        ["string"] = NoArgs("string", PyOps.IsString),
        ["mapping"] = NoArgs("mapping", v => v is PyDict),
        ["iterable"] = NoArgs("iterable", v => PyOps.IsIterable(v) || v is LoopContext),
        ["sequence"] = NoArgs("sequence", v =>
            v is string or Markup or PyDict or Undefined or PyList { Kind: SeqKind.List or SeqKind.Tuple or SeqKind.Range }),
        ["callable"] = NoArgs("callable", v => v is IPyCallable or Undefined),
        ["escaped"] = NoArgs("escaped", v => v is Markup),
        ["lower"] = NoArgs("lower", v => (bool)PyStringMethods.Call(PyRepr.Str(v), "islower", CallArguments.None)!),
        ["upper"] = NoArgs("upper", v => (bool)PyStringMethods.Call(PyRepr.Str(v), "isupper", CallArguments.None)!),
        ["odd"] = NoArgs("odd", v => PyOps.Equal(PyOps.Mod(v, 2L), 1L)),
        ["even"] = NoArgs("even", v => PyOps.Equal(PyOps.Mod(v, 2L), 0L)),
        ["divisibleby"] = OneArg("divisibleby", "num", (v, n) => PyOps.Equal(PyOps.Mod(v, n), 0L)),
        ["sameas"] = OneArg("sameas", "other", SameAs),
        ["in"] = OneArg("in", "seq", (v, seq) => PyOps.Contains(seq, v)),
        ["filter"] = NoArgs("filter", v => v is string s && Filters.Exists(s)),
        ["test"] = NoArgs("test", v => v is string s && Table!.ContainsKey(s)),
    };

    static JinjaTests()
    {
        TestFunc Cmp(string name, Func<object?, object?, bool> f) => OneArg(name, "other", f);
        foreach (var n in new[] { "eq", "==", "equalto" }) Table[n] = Cmp(n, PyOps.Equal);
        foreach (var n in new[] { "ne", "!=" }) Table[n] = Cmp(n, (a, b) => !PyOps.Equal(a, b));
        foreach (var n in new[] { "lt", "<", "lessthan" }) Table[n] = Cmp(n, (a, b) => PyOps.Compare("lt", a, b));
        foreach (var n in new[] { "le", "<=" }) Table[n] = Cmp(n, (a, b) => PyOps.Compare("lteq", a, b));
        foreach (var n in new[] { "gt", ">", "greaterthan" }) Table[n] = Cmp(n, (a, b) => PyOps.Compare("gt", a, b));
        foreach (var n in new[] { "ge", ">=" }) Table[n] = Cmp(n, (a, b) => PyOps.Compare("gteq", a, b));
    }

    public static TestFunc? Find(string name) => Table.GetValueOrDefault(name);

    /// <summary>Every Jinja built-in test is implemented.</summary>
    public static bool IsKnownUnsupported(string name) => false;

    /// <summary>Python's <c>is</c>: None, True and False are singletons and CPython caches small ints.</summary>
    static bool SameAs(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (bool x, bool y) => x == y,
        (long x, long y) => x == y && x is >= -5 and <= 256,
        (string x, string y) => ReferenceEquals(x, y),
        _ => a is not null && ReferenceEquals(a, b),
    };
}
