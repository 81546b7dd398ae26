namespace Lethe.Templates;

/// <summary>
/// Jinja's default <c>Undefined</c>: a missing variable, a missing dict key or attribute, an out-of-range index.
/// It prints as "", is false, has length 0 and iterates as empty; any other use (arithmetic, comparison with
/// &lt;, attribute or item access, calling) raises with the message Jinja builds from how it was obtained.
/// The sandbox also returns one for a refused attribute (e.g. <c>list.append</c>), raising SecurityError.
/// </summary>
internal sealed class Undefined
{
    readonly string? _hint;
    readonly bool _hasObject;
    readonly object? _object;
    readonly object? _name;

    Undefined(string? hint, bool hasObject, object? obj, object? name, string kind)
    {
        _hint = hint;
        _hasObject = hasObject;
        _object = obj;
        _name = name;
        Kind = kind;
    }

    /// <summary>The exception class raised on misuse: UndefinedError or SecurityError.</summary>
    public string Kind { get; }

    /// <summary>A variable that is not defined.</summary>
    public static Undefined Variable(string name) => new(null, false, null, name, "UndefinedError");

    /// <summary>A missing attribute or item <paramref name="name"/> of <paramref name="obj"/>.</summary>
    public static Undefined Member(object? obj, object? name) => new(null, true, obj, name, "UndefinedError");

    public static Undefined WithHint(string hint) => new(hint, false, null, null, "UndefinedError");

    /// <summary>The sandbox's answer to an attribute it refuses to give out.</summary>
    public static Undefined Unsafe(object? obj, string attr) =>
        new($"access to attribute '{attr}' of '{PyOps.TypeName(obj)}' object is unsafe.", true, obj, attr, "SecurityError");

    public string Message
    {
        get
        {
            if (!string.IsNullOrEmpty(_hint)) return _hint;
            if (!_hasObject) return $"{PyRepr.Repr(_name)} is undefined";
            if (_name is not string s) return $"{ObjectTypeRepr(_object)} has no element {PyRepr.Repr(_name)}";
            return $"{PyRepr.Repr(ObjectTypeRepr(_object))} has no attribute {PyRepr.Repr(s)}";
        }
    }

    /// <summary>The exception Jinja raises when this value is misused.</summary>
    public PyException Fail() => new(Kind, Message);

    /// <summary>Jinja's object_type_repr: "None", "dict object", or module-qualified for Jinja's own types.</summary>
    static string ObjectTypeRepr(object? obj) => obj switch
    {
        null => "None",
        Namespace => "jinja2.utils.Namespace object",
        LoopContext => "jinja2.runtime.LoopContext object",
        Macro => "jinja2.runtime.Macro object",
        Markup => "markupsafe.Markup object",
        _ => $"{PyOps.TypeName(obj)} object",
    };
}
