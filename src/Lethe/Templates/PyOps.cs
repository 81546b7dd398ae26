using System.Text;

namespace Lethe.Templates;

/// <summary>
/// Python semantics of the value model: type names, truth, equality, ordering, <c>in</c>, iteration, len(),
/// arithmetic, and the sandboxed attribute and item lookup of Jinja's ImmutableSandboxedEnvironment.
/// Values are: null (None), bool, long (int), double (float), string, <see cref="Markup"/>, <see cref="PyList"/>,
/// <see cref="PyDict"/>, <see cref="Namespace"/>, <see cref="Undefined"/>, <see cref="PyIterator"/>,
/// <see cref="LoopContext"/> and callables.
/// </summary>
internal static class PyOps
{
    /// <summary>Cap on a string or list built by * or +, so a template cannot ask for unbounded memory.</summary>
    public const int MaxBuiltLength = 100_000_000;

    public static string TypeName(object? v) => v switch
    {
        null => "NoneType",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        Markup => "Markup",
        PyList l => l.Kind switch
        {
            SeqKind.Tuple => "tuple",
            SeqKind.DictKeys => "dict_keys",
            SeqKind.DictValues => "dict_values",
            SeqKind.DictItems => "dict_items",
            SeqKind.Range => "range",
            _ => "list",
        },
        PyDict => "dict",
        Namespace => "Namespace",
        Undefined => "Undefined",
        PyIterator it => it.TypeName,
        LoopContext => "LoopContext",
        Macro => "Macro",
        BoundMethod => "builtin_function_or_method",
        BuiltinFunction => "function",
        PySlice => "slice",
        Cycler => "Cycler",
        Joiner => "Joiner",
        _ => v.GetType().Name,
    };

    public static bool IsNumber(object? v) => v is bool or long or double;

    public static bool IsString(object? v) => v is string or Markup;

    /// <summary>The text of a str or Markup, or null for anything else.</summary>
    public static string? AsString(object? v) => v switch { string s => s, Markup m => m.Text, _ => null };

    public static bool Truthy(object? v) => v switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        Markup m => m.Text.Length > 0,
        PyList l => l.Count > 0,
        PyDict d => d.Count > 0,
        Undefined => false,
        _ => true,
    };

    /// <summary>Fails with the undefined's own error when <paramref name="v"/> is undefined (Jinja raises on any
    /// operation other than print, test, iterate, len and ==).</summary>
    public static void ThrowIfUndefined(object? v)
    {
        if (v is Undefined u) throw u.Fail();
    }

    // ---- equality and ordering -------------------------------------------------------------------------------

    public static bool Equal(object? a, object? b)
    {
        if (a is Undefined || b is Undefined) return a is Undefined && b is Undefined;
        if (a is null || b is null) return a is null && b is null;
        if (IsNumber(a) && IsNumber(b)) return NumCompare(a, b) == 0;
        if (IsString(a) && IsString(b)) return AsString(a) == AsString(b);
        if (a is PyList la && b is PyList lb)
        {
            if (SeqFamily(la) != SeqFamily(lb) || la.Count != lb.Count) return false;
            for (int i = 0; i < la.Count; i++)
                if (!Equal(la[i], lb[i])) return false;
            return true;
        }
        if (a is PyDict da && b is PyDict db)
        {
            if (da.Count != db.Count) return false;
            foreach (var (k, v) in da.Items)
                if (!db.TryGet(k, out var w) || !Equal(v, w)) return false;
            return true;
        }
        return ReferenceEquals(a, b);
    }

    static SeqKind SeqFamily(PyList l) => l.Kind == SeqKind.Range ? SeqKind.List : l.Kind;

    /// <summary>Compares two numbers exactly (an int against a float without losing precision).</summary>
    static int NumCompare(object a, object b)
    {
        if (a is double x && b is double y)
            return double.IsNaN(x) || double.IsNaN(y) ? 2 : x.CompareTo(y);
        if (a is double || b is double)
        {
            double d = a is double da ? da : ToDouble(b);
            long l = a is double ? ToLong(b) : ToLong(a);
            bool flipped = a is not double;
            int c;
            if (double.IsNaN(d)) return 2;
            if (d >= 9.3e18) c = 1;
            else if (d <= -9.3e18) c = -1;
            else
            {
                double floor = Math.Floor(d);
                long fl = (long)floor;
                c = fl != l ? fl.CompareTo(l) : d > floor ? 1 : 0;
            }
            return flipped ? -c : c;
        }
        return ToLong(a).CompareTo(ToLong(b));
    }

    static long ToLong(object v) => v switch { bool b => b ? 1 : 0, long l => l, _ => throw new InvalidOperationException() };

    static double ToDouble(object v) => v switch { bool b => b ? 1 : 0, long l => l, double d => d, _ => throw new InvalidOperationException() };

    /// <summary>Python's &lt; &lt;= &gt; &gt;= (op is lt, lteq, gt, gteq).</summary>
    public static bool Compare(string op, object? a, object? b)
    {
        ThrowIfUndefined(a);
        ThrowIfUndefined(b);
        int c = Order(a, b, op);
        if (c == 2) return false; // NaN
        return op switch { "lt" => c < 0, "lteq" => c <= 0, "gt" => c > 0, _ => c >= 0 };
    }

    static string Symbol(string op) => op switch { "lt" => "<", "lteq" => "<=", "gt" => ">", _ => ">=" };

    /// <summary>-1, 0, 1, or 2 for unordered (NaN); TypeError where Python has no ordering.</summary>
    public static int Order(object? a, object? b, string op = "lt")
    {
        if (IsNumber(a) && IsNumber(b)) return NumCompare(a!, b!);
        if (IsString(a) && IsString(b)) return CompareCodePoints(AsString(a)!, AsString(b)!);
        if (a is PyList la && b is PyList lb && SeqFamily(la) == SeqFamily(lb))
        {
            for (int i = 0; i < Math.Min(la.Count, lb.Count); i++)
                if (!Equal(la[i], lb[i])) return Order(la[i], lb[i], op);
            return la.Count.CompareTo(lb.Count);
        }
        throw PyException.Type($"'{Symbol(op)}' not supported between instances of '{TypeName(a)}' and '{TypeName(b)}'");
    }

    /// <summary>Python orders strings by code point; UTF-16 ordinal order differs only around surrogates.</summary>
    public static int CompareCodePoints(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            char x = a[i], y = b[i];
            if (x == y) continue;
            bool sx = char.IsSurrogate(x), sy = char.IsSurrogate(y);
            if (sx == sy) return x < y ? -1 : 1;
            return sx ? 1 : -1; // a surrogate stands for a code point above U+FFFF
        }
        return a.Length.CompareTo(b.Length);
    }

    // ---- containers ------------------------------------------------------------------------------------------

    /// <summary>Python's <c>item in container</c>.</summary>
    public static bool Contains(object? container, object? item)
    {
        switch (container)
        {
            case string or Markup:
                var s = AsString(item)
                        ?? throw PyException.Type($"'in <string>' requires string as left operand, not {TypeName(item)}");
                return AsString(container)!.Contains(s, StringComparison.Ordinal);
            case PyDict d:
                PyDict.EnsureHashable(item);
                return d.ContainsKey(item);
            case PyList l:
                foreach (var x in l)
                    if (Equal(x, item)) return true;
                return false;
            case PyIterator it:
                foreach (var x in it.Consume())
                    if (Equal(x, item)) return true;
                return false;
            case Undefined:
                return false;
            default:
                throw PyException.Type($"argument of type '{TypeName(container)}' is not iterable");
        }
    }

    /// <summary>iter(value): items of a sequence, keys of a dict, code points of a string; Undefined is empty.</summary>
    public static IEnumerable<object?> Iterate(object? v) => v switch
    {
        PyList l => l,
        PyDict d => d.Keys,
        string s => CodePoints(s),
        Markup m => CodePoints(m.Text).Select(c => (object?)new Markup((string)c!)),
        PyIterator it => it.Consume(),
        Undefined => [],
        _ => throw PyException.Type($"'{TypeName(v)}' object is not iterable"),
    };

    /// <summary>The elements of an iterable as a list, consuming an iterator.</summary>
    public static List<object?> ToList(object? v) => Iterate(v).ToList();

    public static bool IsIterable(object? v) => v is PyList or PyDict or string or Markup or PyIterator or Undefined;

    /// <summary>A string's characters as Python sees them: one per code point, surrogate pairs kept together.</summary>
    public static IEnumerable<object?> CodePoints(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                yield return s.Substring(i, 2);
                i++;
            }
            else yield return s[i].ToString();
        }
    }

    static bool HasSurrogates(string s)
    {
        foreach (char c in s)
            if (char.IsSurrogate(c)) return true;
        return false;
    }

    /// <summary>A string as an array of code points (each a 1- or 2-char string) when it has surrogates.</summary>
    static string[] CodePointArray(string s) => CodePoints(s).Cast<string>().ToArray();

    /// <summary>len(value).</summary>
    public static long Len(object? v) => v switch
    {
        string s => HasSurrogates(s) ? CodePointArray(s).Length : s.Length,
        Markup m => Len(m.Text),
        PyList l => l.Count,
        PyDict d => d.Count,
        Undefined => 0,
        LoopContext loop => loop.Length,
        _ => throw PyException.Type($"object of type '{TypeName(v)}' has no len()"),
    };

    /// <summary>Python's reversed(): strings are reversed by code point by the reverse filter itself.</summary>
    public static IEnumerable<object?> Reversed(object? v) => v switch
    {
        PyList { Kind: SeqKind.List or SeqKind.Tuple or SeqKind.Range } l => l.Reverse(),
        PyDict d => d.Keys.Reverse(),
        PyList l => l.Reverse(),
        Undefined => [],
        _ => throw PyException.Type($"'{TypeName(v)}' object is not reversible"),
    };

    public static string ReverseString(string s) =>
        HasSurrogates(s) ? string.Concat(CodePointArray(s).Reverse()) : new string(s.Reverse().ToArray());

    // ---- item and attribute access (sandboxed) ---------------------------------------------------------------

    /// <summary>Jinja's <c>obj[key]</c>: the item if there is one; otherwise, for a string key, a safe attribute;
    /// otherwise undefined.</summary>
    public static object? GetItem(object? obj, object? key)
    {
        if (obj is Undefined u) throw u.Fail();
        if (TryItem(obj, key, out var value)) return value;
        if (key is string name && TryAttribute(obj, name, out value)) return value;
        return Undefined.Member(obj, key);
    }

    /// <summary>Jinja's <c>obj.name</c>: a safe attribute if there is one, otherwise the item, otherwise undefined.</summary>
    public static object? GetAttr(object? obj, string name)
    {
        if (obj is Undefined u) throw u.Fail();
        if (TryAttribute(obj, name, out var value)) return value;
        if (TryItem(obj, name, out value)) return value;
        return Undefined.Member(obj, name);
    }

    static bool TryItem(object? obj, object? key, out object? value)
    {
        value = null;
        switch (obj)
        {
            case PyDict d:
                if (key is PyList { IsTuple: false } or PyDict or Namespace or PySlice) return false; // unhashable
                return d.TryGet(key, out value);
            case PyList l when l.Kind is SeqKind.List or SeqKind.Tuple or SeqKind.Range:
                if (key is PySlice slice)
                {
                    value = new PyList(slice.Indices(l.Count).Select(i => l[i]).ToArray(), l.IsTuple ? SeqKind.Tuple : SeqKind.List);
                    return true;
                }
                if (key is not (long or bool)) return false;
                long i = key is bool b ? (b ? 1 : 0) : (long)key;
                if (i < 0) i += l.Count;
                if (i < 0 || i >= l.Count) return false;
                value = l[(int)i];
                return true;
            case string or Markup:
            {
                string s = AsString(obj)!;
                bool markup = obj is Markup;
                if (key is PySlice textSlice)
                {
                    string r;
                    if (HasSurrogates(s))
                    {
                        var cps = CodePointArray(s);
                        r = string.Concat(textSlice.Indices(cps.Length).Select(k => cps[k]));
                    }
                    else
                    {
                        var sb = new StringBuilder();
                        foreach (int k in textSlice.Indices(s.Length)) sb.Append(s[k]);
                        r = sb.ToString();
                    }
                    value = markup ? new Markup(r) : r;
                    return true;
                }
                if (key is not (long or bool)) return false;
                long at = key is bool flag ? (flag ? 1 : 0) : (long)key;
                string[]? points = HasSurrogates(s) ? CodePointArray(s) : null;
                int n = points?.Length ?? s.Length;
                if (at < 0) at += n;
                if (at < 0 || at >= n) return false;
                string ch = points is null ? s[(int)at].ToString() : points[at];
                value = markup ? new Markup(ch) : ch;
                return true;
            }
            default:
                return false;
        }
    }

    static readonly HashSet<string> MutatingListMethods = ["append", "clear", "extend", "insert", "pop", "remove", "reverse", "sort"];
    static readonly HashSet<string> MutatingDictMethods = ["clear", "pop", "popitem", "setdefault", "update"];

    /// <summary>The attribute <paramref name="name"/> as Python's getattr would find it, filtered by the
    /// immutable sandbox: private names and methods that modify a list or dict give an undefined that raises
    /// SecurityError when used.</summary>
    internal static bool TryAttribute(object? obj, string name, out object? value)
    {
        value = null;
        if (name.StartsWith("__", StringComparison.Ordinal) && name.EndsWith("__", StringComparison.Ordinal) && name.Length > 4)
        {
            // Every Python object has dunder attributes; the sandbox refuses them all.
            value = Undefined.Unsafe(obj, name);
            return true;
        }
        switch (obj)
        {
            case string or Markup:
                if (!PyStringMethods.Has(name)) return false;
                string s = AsString(obj)!;
                value = new BoundMethod(obj, name, (_, args) => PyStringMethods.Call(s, name, args));
                return true;
            case PyDict d:
                if (MutatingDictMethods.Contains(name)) { value = Undefined.Unsafe(obj, name); return true; }
                if (!PyCollectionMethods.HasDictMethod(name)) return false;
                value = new BoundMethod(obj, name, (_, args) => PyCollectionMethods.CallDict(d, name, args));
                return true;
            case PyList { FieldNames: not null } named when named.FieldNames.Contains(name):
                value = named[named.FieldNames.ToList().IndexOf(name)];
                return true;
            case PyList l when l.Kind is SeqKind.List or SeqKind.Tuple:
                if (l.Kind == SeqKind.List && MutatingListMethods.Contains(name)) { value = Undefined.Unsafe(obj, name); return true; }
                if (!PyCollectionMethods.HasSequenceMethod(name, l.Kind)) return false;
                value = new BoundMethod(obj, name, (_, args) => PyCollectionMethods.CallSequence(l, name, args));
                return true;
            case bool or long or double when name is "real" or "imag" or "numerator" or "denominator":
                // The numeric attributes Python ints and floats share (floats have no numerator/denominator).
                if (obj is double real)
                {
                    if (name is "numerator" or "denominator") return false;
                    value = name == "real" ? real : 0.0;
                    return true;
                }
                long whole = obj is bool flag ? (flag ? 1 : 0) : (long)obj;
                value = name switch { "real" or "numerator" => whole, "imag" => 0L, _ => 1L };
                return true;
            case Namespace ns:
                return ns.TryGet(name, out value);
            case LoopContext loop:
                value = loop.Get(name);
                return value is not Undefined;
            case Cycler c:
                value = name switch
                {
                    "current" => c.Current,
                    "next" => new BoundMethod(c, name, (_, args) => { args.Bind("next", []); return c.Next(); }),
                    "reset" => new BoundMethod(c, name, (_, args) => { args.Bind("reset", []); c.Reset(); return null; }),
                    _ => Undefined.Member(c, name),
                };
                return value is not Undefined;
            case Macro m:
                value = name switch
                {
                    "name" => m.Definition.Name,
                    "arguments" => PyList.Tuple(m.Definition.Parameters.Cast<object?>().ToArray()),
                    "catch_kwargs" => m.UsesKwargs,
                    "catch_varargs" => m.UsesVarargs,
                    "caller" => m.UsesCaller,
                    _ => Undefined.Member(m, name),
                };
                return value is not Undefined;
            default:
                return false;
        }
    }

    // ---- arithmetic ------------------------------------------------------------------------------------------

    static PyException Unsupported(string op, object? a, object? b) =>
        PyException.Type($"unsupported operand type(s) for {op}: '{TypeName(a)}' and '{TypeName(b)}'");

    static PyException Overflow() =>
        new("OverflowError", "integer result does not fit in 64 bits (this renderer's int range)");

    static void CheckUndefined(object? a, object? b)
    {
        ThrowIfUndefined(a);
        ThrowIfUndefined(b);
    }

    public static object? Add(object? a, object? b)
    {
        CheckUndefined(a, b);
        if (IsNumber(a) && IsNumber(b))
        {
            if (a is double || b is double) return ToDouble(a!) + ToDouble(b!);
            try { return checked(ToLong(a!) + ToLong(b!)); } catch (OverflowException) { throw Overflow(); }
        }
        if (a is Markup || b is Markup)
        {
            if (!IsString(a) || !IsString(b)) throw Unsupported("+", a, b);
            return new Markup(Markup.EscapeValue(a).Text + Markup.EscapeValue(b).Text);
        }
        if (a is string sa)
        {
            if (b is string sb) return CheckLength(sa.Length + (long)sb.Length) ? sa + sb : null;
            throw PyException.Type($"can only concatenate str (not \"{TypeName(b)}\") to str");
        }
        if (a is PyList la && la.Kind is SeqKind.List or SeqKind.Tuple)
        {
            if (b is PyList lb && lb.Kind == la.Kind)
            {
                CheckLength(la.Count + (long)lb.Count);
                return new PyList(la.Concat(lb).ToArray(), la.Kind);
            }
            throw PyException.Type($"can only concatenate {TypeName(a)} (not \"{TypeName(b)}\") to {TypeName(a)}");
        }
        throw Unsupported("+", a, b);
    }

    static bool CheckLength(long n)
    {
        if (n > MaxBuiltLength)
            throw new PyException("MemoryError", $"result of {n} items exceeds this renderer's limit of {MaxBuiltLength}");
        return true;
    }

    public static object? Sub(object? a, object? b)
    {
        CheckUndefined(a, b);
        if (!IsNumber(a) || !IsNumber(b)) throw Unsupported("-", a, b);
        if (a is double || b is double) return ToDouble(a!) - ToDouble(b!);
        try { return checked(ToLong(a!) - ToLong(b!)); } catch (OverflowException) { throw Overflow(); }
    }

    public static object? Mul(object? a, object? b)
    {
        CheckUndefined(a, b);
        if (IsNumber(a) && IsNumber(b))
        {
            if (a is double || b is double) return ToDouble(a!) * ToDouble(b!);
            try { return checked(ToLong(a!) * ToLong(b!)); } catch (OverflowException) { throw Overflow(); }
        }
        // sequence * int, int * sequence
        object? seq = IsNumber(a) ? b : a, count = IsNumber(a) ? a : b;
        if (seq is string or Markup or PyList { Kind: SeqKind.List or SeqKind.Tuple })
        {
            if (count is double) throw PyException.Type($"can't multiply sequence by non-int of type 'float'");
            if (count is not (long or bool)) throw Unsupported("*", a, b);
            long n = Math.Max(0, ToLong(count));
            switch (seq)
            {
                case string s:
                    CheckLength(s.Length * n);
                    return new StringBuilder(s.Length * (int)n).Insert(0, s, (int)n).ToString();
                case Markup m:
                    CheckLength(m.Text.Length * n);
                    return new Markup(new StringBuilder().Insert(0, m.Text, (int)n).ToString());
                case PyList l:
                    CheckLength(l.Count * n);
                    return new PyList(Enumerable.Repeat(l, (int)n).SelectMany(x => x).ToArray(), l.Kind);
            }
        }
        throw Unsupported("*", a, b);
    }

    public static object? TrueDiv(object? a, object? b)
    {
        CheckUndefined(a, b);
        if (!IsNumber(a) || !IsNumber(b)) throw Unsupported("/", a, b);
        double y = ToDouble(b!);
        if (y == 0) throw new PyException("ZeroDivisionError", a is double || b is double ? "float division by zero" : "division by zero");
        return ToDouble(a!) / y;
    }

    public static object? FloorDiv(object? a, object? b)
    {
        CheckUndefined(a, b);
        if (!IsNumber(a) || !IsNumber(b)) throw Unsupported("//", a, b);
        if (a is double || b is double)
        {
            double x = ToDouble(a!), y = ToDouble(b!);
            if (y == 0) throw new PyException("ZeroDivisionError", "float floor division by zero");
            return FloatDivMod(x, y).Div;
        }
        long p = ToLong(a!), q = ToLong(b!);
        if (q == 0) throw new PyException("ZeroDivisionError", "integer division or modulo by zero");
        if (p == long.MinValue && q == -1) throw Overflow();
        long d = p / q;
        if ((p % q != 0) && ((p < 0) != (q < 0))) d--;
        return d;
    }

    public static object? Mod(object? a, object? b)
    {
        // str % x formats x itself, so an undefined x prints as "" instead of failing.
        if (a is string or Markup) return PyFormat.Percent(a, b);
        CheckUndefined(a, b);
        if (!IsNumber(a) || !IsNumber(b)) throw Unsupported("%", a, b);
        if (a is double || b is double)
        {
            double x = ToDouble(a!), y = ToDouble(b!);
            if (y == 0) throw new PyException("ZeroDivisionError", "float modulo");
            return FloatDivMod(x, y).Mod;
        }
        long p = ToLong(a!), q = ToLong(b!);
        if (q == 0) throw new PyException("ZeroDivisionError", "integer modulo by zero");
        if (q == -1) return 0L;
        long r = p % q;
        if (r != 0 && ((r < 0) != (q < 0))) r += q;
        return r;
    }

    /// <summary>Python's float divmod (Objects/floatobject.c), so // and % agree with Python on signs and
    /// rounding.</summary>
    static (double Div, double Mod) FloatDivMod(double vx, double wx)
    {
        double mod = vx % wx; // C# % on doubles is C's fmod
        double div = (vx - mod) / wx;
        if (mod != 0)
        {
            if ((wx < 0) != (mod < 0))
            {
                mod += wx;
                div -= 1.0;
            }
        }
        else mod = Math.CopySign(0.0, wx);
        double floordiv;
        if (div != 0)
        {
            floordiv = Math.Floor(div);
            if (div - floordiv > 0.5) floordiv += 1.0;
        }
        else floordiv = Math.CopySign(0.0, vx / wx);
        return (floordiv, mod);
    }

    public static object? Pow(object? a, object? b)
    {
        CheckUndefined(a, b);
        if (!IsNumber(a) || !IsNumber(b)) throw Unsupported("** or pow()", a, b);
        if (a is double || b is double || ToLong(b!) < 0)
        {
            double x = ToDouble(a!), y = ToDouble(b!);
            if (x == 0 && y < 0) throw new PyException("ZeroDivisionError", "0.0 cannot be raised to a negative power");
            if (x < 0 && y != Math.Floor(y)) throw PyException.Value("complex results (negative number to a fractional power) are not supported");
            return Math.Pow(x, y);
        }
        long bas = ToLong(a!), exp = ToLong(b!), result = 1;
        try
        {
            while (exp > 0)
            {
                if ((exp & 1) == 1) result = checked(result * bas);
                exp >>= 1;
                if (exp > 0) bas = checked(bas * bas);
            }
        }
        catch (OverflowException) { throw Overflow(); }
        return result;
    }

    public static object? Negate(object? a)
    {
        ThrowIfUndefined(a);
        // object? arms: a switch expression would otherwise widen every long arm to double.
        return a switch
        {
            bool b => (object?)(b ? -1L : 0L),
            long l => l == long.MinValue ? throw Overflow() : -l,
            double d => -d,
            _ => throw PyException.Type($"bad operand type for unary -: '{TypeName(a)}'"),
        };
    }

    public static object? Plus(object? a)
    {
        ThrowIfUndefined(a);
        return a switch
        {
            bool b => (object?)(b ? 1L : 0L),
            long or double => a,
            _ => throw PyException.Type($"bad operand type for unary +: '{TypeName(a)}'"),
        };
    }
}
