using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;

namespace Lethe.Templates;

/// <summary>
/// Jinja2 3.1's built-in filters, with <c>tojson</c> replaced by transformers' json.dumps version. Each follows
/// the Jinja source's semantics, including its Python quirks: <c>map</c>, <c>select</c>, <c>selectattr</c>,
/// <c>reject</c>, <c>rejectattr</c>, <c>unique</c>, <c>batch</c>, <c>slice</c> and <c>items</c> return one-shot
/// iterators; <c>round</c> rounds half to even on the exact binary value.
/// </summary>
internal static partial class Filters
{
    public delegate object? FilterFunc(Renderer renderer, object? value, CallArguments args);

    static readonly Dictionary<string, FilterFunc> Table = new()
    {
        ["abs"] = Abs,
        ["attr"] = Attr,
        ["batch"] = Batch,
        ["capitalize"] = (_, v, a) => StrMethod(v, "capitalize", a),
        ["center"] = Center,
        ["count"] = Length,
        ["d"] = Default,
        ["default"] = Default,
        ["dictsort"] = DictSort,
        ["e"] = Escape,
        ["escape"] = Escape,
        ["first"] = First,
        ["float"] = Float,
        ["forceescape"] = (_, v, a) => { a.Bind("forceescape", []); return new Markup(Markup.Escape(PyRepr.Str(v))); },
        ["format"] = Format,
        ["groupby"] = GroupBy,
        ["indent"] = Indent,
        ["int"] = Int,
        ["items"] = Items,
        ["join"] = Join,
        ["last"] = Last,
        ["length"] = Length,
        ["list"] = (_, v, a) => { a.Bind("list", []); return new PyList(PyOps.ToList(v)); },
        ["lower"] = (_, v, a) => { a.Bind("lower", []); return PyCase.ToLower(SoftStr(v)); },
        ["map"] = Map,
        ["max"] = (r, v, a) => MinMax(r, v, a, "max"),
        ["min"] = (r, v, a) => MinMax(r, v, a, "min"),
        ["reject"] = (r, v, a) => SelectOrReject(r, v, a, false, false),
        ["rejectattr"] = (r, v, a) => SelectOrReject(r, v, a, false, true),
        ["replace"] = Replace,
        ["reverse"] = Reverse,
        ["round"] = Round,
        ["safe"] = (_, v, a) => { a.Bind("safe", []); return v as Markup ?? new Markup(PyRepr.Str(v)); },
        ["select"] = (r, v, a) => SelectOrReject(r, v, a, true, false),
        ["selectattr"] = (r, v, a) => SelectOrReject(r, v, a, true, true),
        ["slice"] = Slice,
        ["sort"] = Sort,
        ["string"] = (_, v, a) => { a.Bind("string", []); return v is string or Markup ? v : PyRepr.Str(v); },
        ["sum"] = Sum,
        ["title"] = Title,
        ["tojson"] = ToJson,
        ["trim"] = Trim,
        ["truncate"] = Truncate,
        ["unique"] = Unique,
        ["upper"] = (_, v, a) => { a.Bind("upper", []); return PyCase.ToUpper(SoftStr(v)); },
        ["wordcount"] = (_, v, a) => { a.Bind("wordcount", []); return (long)WordRegex().Matches(SoftStr(v)).Count; },
    };

    /// <summary>Jinja filters deliberately left out: HTML/URL helpers, random output, and text wrapping whose
    /// exact Python algorithm (textwrap, pprint) is not reproduced.</summary>
    static readonly HashSet<string> Unsupported =
        ["filesizeformat", "pprint", "random", "striptags", "urlencode", "urlize", "wordwrap", "xmlattr", "mark_unsafe"];

    public static FilterFunc? Find(string name) => Table.GetValueOrDefault(name);

    public static bool IsKnownUnsupported(string name) => Unsupported.Contains(name);

    public static bool Exists(string name) => Table.ContainsKey(name);

    /// <summary>Jinja's soft_str: a string stays as it is, anything else goes through str().</summary>
    static string SoftStr(object? v) => PyOps.AsString(v) ?? PyRepr.Str(v);

    static object? StrMethod(object? v, string method, CallArguments args)
    {
        args.Bind(method, []);
        return PyStringMethods.Call(SoftStr(v), method, CallArguments.None);
    }

    static long ToInt(object? v, string what) => v switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw PyException.Type($"'{PyOps.TypeName(v)}' object cannot be interpreted as an integer ({what})"),
    };

    static object? Abs(Renderer r, object? v, CallArguments args)
    {
        args.Bind("abs", []);
        return v switch
        {
            bool b => (object?)(b ? 1L : 0L),
            long l => l == long.MinValue ? throw new PyException("OverflowError", "integer does not fit in 64 bits") : Math.Abs(l),
            double d => Math.Abs(d),
            _ => throw PyException.Type($"bad operand type for abs(): '{PyOps.TypeName(v)}'"),
        };
    }

    static object? Attr(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("attr", ["name"], CallArguments.Required);
        PyOps.ThrowIfUndefined(v);
        string name = PyRepr.Str(a[0]);
        return PyOps.TryAttribute(v, name, out var value) ? value : Undefined.Member(v, name);
    }

    static object? Batch(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("batch", ["linecount", "fill_with"], CallArguments.Required, null);
        long n = ToInt(a[0], "linecount");
        if (n <= 0) throw PyException.Value("batch size must be positive");
        var items = PyOps.ToList(v);
        var batches = new List<object?>();
        for (int i = 0; i < items.Count; i += (int)Math.Min(n, int.MaxValue))
        {
            var chunk = items.Skip(i).Take((int)Math.Min(n, int.MaxValue)).ToList();
            if (a[1] is not null)
                while (chunk.Count < n) chunk.Add(a[1]);
            batches.Add(new PyList(chunk));
        }
        return new PyIterator(batches, "generator");
    }

    static object? Center(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("center", ["width"], 80L);
        return PyStringMethods.Call(SoftStr(v), "center", new CallArguments([a[0]], []));
    }

    static object? Default(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("default", ["default_value", "boolean"], "", false);
        return v is Undefined || (PyOps.Truthy(a[1]) && !PyOps.Truthy(v)) ? a[0] : v;
    }

    static object? IgnoreCase(object? v) => v is string s ? PyCase.ToLower(s) : v;

    static object? DictSort(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("dictsort", ["case_sensitive", "by", "reverse"], false, "key", false);
        int pos = PyOps.AsString(a[1]) switch
        {
            "key" => 0,
            "value" => 1,
            _ => throw new PyException("FilterArgumentError", "You can only sort by either \"key\" or \"value\""),
        };
        PyOps.ThrowIfUndefined(v);
        if (v is not PyDict d) throw new PyException("AttributeError", $"'{PyOps.TypeName(v)}' object has no attribute 'items'");
        bool caseSensitive = PyOps.Truthy(a[0]);
        var items = d.Items.Select(kv => (object?)PyList.Tuple(kv.Key, kv.Value)).ToList();
        return new PyList(SortBy(items, item => { var x = ((PyList)item!)[pos]; return caseSensitive ? x : IgnoreCase(x); },
            PyOps.Truthy(a[2])));
    }

    /// <summary>Python's sorted(key=..., reverse=...): stable, and reverse keeps equal items in order.</summary>
    static List<object?> SortBy(List<object?> items, Func<object?, object?> key, bool reverse)
    {
        var keyed = items.Select((item, i) => (Item: item, Key: key(item), Index: i)).ToList();
        var comparer = Comparer<(object? Item, object? Key, int Index)>.Create((x, y) =>
        {
            int c = PyOps.Order(x.Key, y.Key);
            if (c == 2) c = 0;
            if (reverse) c = -c;
            return c != 0 ? c : x.Index.CompareTo(y.Index);
        });
        keyed.Sort(comparer);
        return keyed.Select(k => k.Item).ToList();
    }

    static object? Escape(Renderer r, object? v, CallArguments args)
    {
        args.Bind("escape", []);
        return Markup.EscapeValue(v);
    }

    static object? First(Renderer r, object? v, CallArguments args)
    {
        args.Bind("first", []);
        if (v is PyIterator it) return it.TryNext(out var item) ? item : Undefined.WithHint("No first item, sequence was empty.");
        foreach (var x in PyOps.Iterate(v)) return x;
        return Undefined.WithHint("No first item, sequence was empty.");
    }

    static object? Last(Renderer r, object? v, CallArguments args)
    {
        args.Bind("last", []);
        if (v is string or Markup)
        {
            var chars = PyOps.Iterate(v).ToList();
            return chars.Count > 0 ? chars[^1] : Undefined.WithHint("No last item, sequence was empty.");
        }
        foreach (var x in PyOps.Reversed(v)) return x;
        return Undefined.WithHint("No last item, sequence was empty.");
    }

    static object? Float(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("float", ["default"], 0.0);
        PyOps.ThrowIfUndefined(v);
        return PyNumbers.ToFloat(v) ?? a[0];
    }

    static object? Int(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("int", ["default", "base"], 0L, 10L);
        PyOps.ThrowIfUndefined(v);
        return PyNumbers.ToInt(v, ToInt(a[1], "base")) ?? a[0];
    }

    static object? Format(Renderer r, object? v, CallArguments args)
    {
        if (args.Positional.Count > 0 && args.Keywords.Count > 0)
            throw new PyException("FilterArgumentError", "can't handle positional and keyword arguments at the same time");
        object? values;
        if (args.Keywords.Count > 0)
        {
            var d = new PyDict();
            foreach (var (k, x) in args.Keywords) d.Set(k, x);
            values = d;
        }
        else values = PyList.Tuple(args.Positional.ToArray());
        return PyFormat.Percent(v is Markup ? v : SoftStr(v), values);
    }

    static object? GroupBy(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("groupby", ["attribute", "default", "case_sensitive"], CallArguments.Required, null, false);
        bool caseSensitive = PyOps.Truthy(a[2]);
        var getter = AttrGetter(a[0], a[1]);
        var sorted = SortBy(PyOps.ToList(v), x => caseSensitive ? getter(x) : IgnoreCase(getter(x)), false);
        var groups = new List<object?>();
        List<object?>? current = null;
        object? currentKey = null;
        foreach (var item in sorted)
        {
            var key = caseSensitive ? getter(item) : IgnoreCase(getter(item));
            if (current is null || !PyOps.Equal(key, currentKey))
            {
                current = [];
                currentKey = key;
                groups.Add(current);
            }
            current.Add(item);
        }
        return new PyList(groups.Select(g =>
        {
            var members = (List<object?>)g!;
            // The group's key has the case of its first member, as in Jinja.
            return (object?)new PyList([getter(members[0]), new PyList(members)], SeqKind.Tuple) { FieldNames = ["grouper", "list"] };
        }).ToArray());
    }

    static object? Indent(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("indent", ["width", "first", "blank"], 4L, false, false);
        PyOps.ThrowIfUndefined(v);
        string indention = a[0] is string w ? w : new string(' ', (int)Math.Clamp(ToInt(a[0], "width"), 0, 10_000));
        string s = PyOps.AsString(v) ?? throw PyException.Type($"unsupported operand type(s) for +=: '{PyOps.TypeName(v)}' and 'str'");
        var lines = PyStringMethods.SplitLines(s + "\n", false);
        string rv;
        if (PyOps.Truthy(a[2])) rv = string.Join("\n" + indention, lines);
        else
        {
            rv = lines[0];
            if (lines.Count > 1)
                rv += "\n" + string.Join("\n", lines.Skip(1).Select(line => line.Length > 0 ? indention + line : line));
        }
        if (PyOps.Truthy(a[1])) rv = indention + rv;
        return v is Markup ? new Markup(rv) : rv;
    }

    static object? Items(Renderer r, object? v, CallArguments args)
    {
        args.Bind("items", []);
        // A generator in Jinja: a non-mapping fails only when iterated.
        IEnumerable<object?> Run()
        {
            if (v is Undefined) yield break;
            if (v is not PyDict d) throw PyException.Type("Can only get item pairs from a mapping.");
            foreach (var kv in d.Items.ToList()) yield return PyList.Tuple(kv.Key, kv.Value);
        }
        return new PyIterator(Run(), "generator");
    }

    static object? Join(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("join", ["d", "attribute"], "", null);
        IEnumerable<object?> items = PyOps.Iterate(v);
        if (a[1] is not null)
        {
            var getter = AttrGetter(a[1], null);
            items = items.Select(getter);
        }
        var sb = new StringBuilder();
        string sep = PyRepr.Str(a[0]);
        bool first = true;
        foreach (var item in items)
        {
            if (!first) sb.Append(sep);
            first = false;
            sb.Append(PyRepr.Str(item));
            if (sb.Length > PyOps.MaxBuiltLength) throw new PyException("MemoryError", "join() result too large");
        }
        return sb.ToString();
    }

    static object? Length(Renderer r, object? v, CallArguments args)
    {
        args.Bind("length", []);
        return PyOps.Len(v);
    }

    /// <summary>Jinja's make_attrgetter: "a.b.0" looks up a, then b, then item 0 (environment.getitem each).</summary>
    static Func<object?, object?> AttrGetter(object? attribute, object? @default)
    {
        object?[] parts = attribute switch
        {
            null => [],
            string s => s.Split('.').Select(p => p.Length > 0 && p.All(char.IsAsciiDigit) ? (object?)long.Parse(p, CultureInfo.InvariantCulture) : p).ToArray(),
            _ => [attribute],
        };
        return item =>
        {
            foreach (var part in parts)
            {
                item = PyOps.GetItem(item, part);
                if (@default is not null && item is Undefined) item = @default;
            }
            return item;
        };
    }

    static object? Map(Renderer r, object? v, CallArguments args)
    {
        if (!PyOps.Truthy(v)) return new PyIterator([], "generator");
        Func<object?, object?> func;
        if (args.Positional.Count == 0 && args.Keywords.Any(k => k.Key == "attribute"))
        {
            object? attribute = null, @default = null;
            foreach (var (k, x) in args.Keywords)
            {
                if (k == "attribute") attribute = x;
                else if (k == "default") @default = x;
                else throw new PyException("FilterArgumentError", $"Unexpected keyword argument {PyRepr.Repr(k)}");
            }
            func = AttrGetter(attribute, @default);
        }
        else
        {
            if (args.Positional.Count == 0) throw new PyException("FilterArgumentError", "map requires a filter argument");
            string name = PyRepr.Str(args.Positional[0]);
            var filter = Find(name) ?? throw new PyException("TemplateRuntimeError", $"No filter named {PyRepr.Repr(name)}.");
            var rest = args.Skip(1);
            func = item => filter(r, item, rest);
        }
        return new PyIterator(PyOps.Iterate(v).Select(func), "generator");
    }

    static object? MinMax(Renderer r, object? v, CallArguments args, string which)
    {
        var a = args.Bind(which, ["case_sensitive", "attribute"], false, null);
        var items = PyOps.ToList(v);
        if (items.Count == 0) return Undefined.WithHint("No aggregated item, sequence was empty.");
        var getter = AttrGetter(a[1], null);
        bool caseSensitive = PyOps.Truthy(a[0]);
        object? Key(object? x) => caseSensitive ? getter(x) : IgnoreCase(getter(x));
        object? best = items[0];
        var bestKey = Key(best);
        foreach (var item in items.Skip(1))
        {
            var k = Key(item);
            int c = PyOps.Order(k, bestKey);
            if (c != 2 && (which == "max" ? c > 0 : c < 0))
            {
                best = item;
                bestKey = k;
            }
        }
        return best;
    }

    static object? SelectOrReject(Renderer r, object? v, CallArguments args, bool select, bool lookupAttr)
    {
        if (!PyOps.Truthy(v)) return new PyIterator([], "generator");
        var positional = args.Positional;
        int off = 0;
        Func<object?, object?> transform = x => x;
        if (lookupAttr)
        {
            if (positional.Count == 0) throw new PyException("FilterArgumentError", "Missing parameter for attribute name");
            transform = AttrGetter(positional[0], null);
            off = 1;
        }
        Func<object?, bool> test;
        if (positional.Count > off)
        {
            string name = PyRepr.Str(positional[off]);
            var t = JinjaTests.Find(name) ?? throw new PyException("TemplateRuntimeError", $"No test named {PyRepr.Repr(name)}.");
            var rest = new CallArguments(positional.Skip(off + 1).ToArray(), args.Keywords);
            test = x => t(r, x, rest);
        }
        else test = PyOps.Truthy;
        return new PyIterator(PyOps.Iterate(v).Where(item => test(transform(item)) == select), "generator");
    }

    static object? Replace(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("replace", ["old", "new", "count"], CallArguments.Required, CallArguments.Required, null);
        long count = a[2] is null ? -1 : ToInt(a[2], "count");
        return PyStringMethods.Replace(PyRepr.Str(v), PyRepr.Str(a[0]), PyRepr.Str(a[1]), count);
    }

    static object? Reverse(Renderer r, object? v, CallArguments args)
    {
        args.Bind("reverse", []);
        switch (v)
        {
            case string s: return PyOps.ReverseString(s);
            case Markup m: return new Markup(PyOps.ReverseString(m.Text));
            case PyIterator or null or long or double or bool:
                if (v is PyIterator) return new PyList(PyOps.ToList(v).AsEnumerable().Reverse().ToArray());
                throw new PyException("FilterArgumentError", "argument must be iterable");
            default:
                string type = v switch
                {
                    PyList { Kind: SeqKind.Tuple } => "reversed",
                    PyList { Kind: SeqKind.Range } => "range_iterator",
                    PyList { Kind: SeqKind.List } => "list_reverseiterator",
                    PyDict => "dict_reversekeyiterator",
                    PyList { Kind: SeqKind.DictItems } => "dict_reverseitemiterator",
                    PyList { Kind: SeqKind.DictValues } => "dict_reversevalueiterator",
                    PyList => "dict_reversekeyiterator",
                    _ => "reversed",
                };
                if (v is Namespace or LoopContext or IPyCallable) throw new PyException("FilterArgumentError", "argument must be iterable");
                return new PyIterator(PyOps.Reversed(v).ToList(), type);
        }
    }

    static object? Round(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("round", ["precision", "method"], 0L, "common");
        string method = PyRepr.Str(a[1]);
        if (method is not ("common" or "ceil" or "floor"))
            throw new PyException("FilterArgumentError", "method must be common, ceil or floor");
        long precision = ToInt(a[0], "precision");
        if (method == "common")
        {
            return v switch
            {
                bool or long when precision >= 0 => v is bool b ? (b ? 1L : 0L) : v,
                bool or long => (object?)RoundInt(v is bool b ? (b ? 1 : 0) : (long)v, precision),
                double d => RoundHalfEven(d, precision),
                _ => throw PyException.Type($"type {PyOps.TypeName(v)} doesn't define __round__ method"),
            };
        }
        // math.ceil / math.floor of value * 10**precision, then true division: always a float.
        var scale = PyOps.Pow(10L, precision);
        var scaled = PyOps.Mul(v, scale);
        double x = scaled switch { long l => l, bool b => b ? 1 : 0, double d => d, _ => throw PyException.Type("must be real number") };
        if (double.IsInfinity(x) || double.IsNaN(x)) throw new PyException(double.IsNaN(x) ? "ValueError" : "OverflowError", "cannot convert float to integer");
        double rounded = method == "ceil" ? Math.Ceiling(x) : Math.Floor(x);
        return PyOps.TrueDiv(rounded, scale);
    }

    static long RoundInt(long value, long precision)
    {
        if (precision < -18) return 0;
        long p = (long)Math.Pow(10, -precision);
        long q = PyOps.FloorDiv(value, p) is long f ? f : 0, rem = value - q * p;
        // half to even
        if (rem * 2 > p || (rem * 2 == p && (q & 1) == 1)) q++;
        return q * p;
    }

    /// <summary>Python's round(x, n) for floats: the exact binary value rounded half to even at n decimals,
    /// then the nearest double. Done exactly with big integers, as CPython does with its dtoa.</summary>
    static double RoundHalfEven(double x, long ndigits)
    {
        if (double.IsNaN(x) || double.IsInfinity(x) || x == 0) return x;
        if (ndigits > 330) return x;
        if (ndigits < -330) return Math.CopySign(0.0, x);
        long bits = BitConverter.DoubleToInt64Bits(x);
        int exp = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exp == 0) exp = 1; else mantissa |= 1L << 52;
        exp -= 1075; // |x| = mantissa * 2^exp
        // |x| * 10^n = num / den
        BigInteger num = mantissa, den = BigInteger.One;
        if (exp > 0) num <<= exp; else den <<= -exp;
        if (ndigits > 0) num *= BigInteger.Pow(10, (int)ndigits); else den *= BigInteger.Pow(10, (int)-ndigits);
        var q = BigInteger.DivRem(num, den, out var rem);
        int cmp = (rem * 2).CompareTo(den);
        if (cmp > 0 || (cmp == 0 && !q.IsEven)) q += 1;
        string text = q.ToString(CultureInfo.InvariantCulture) + "e" + (-ndigits).ToString(CultureInfo.InvariantCulture);
        double result = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return x < 0 ? -result : result;
    }

    static object? Slice(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("slice", ["slices", "fill_with"], CallArguments.Required, null);
        long slices = ToInt(a[0], "slices");
        if (slices <= 0 || slices > 100_000) throw PyException.Value("slice count must be between 1 and 100000");
        var seq = PyOps.ToList(v);
        int length = seq.Count, perSlice = length / (int)slices, withExtra = length % (int)slices, offset = 0;
        var result = new List<object?>();
        for (int n = 0; n < slices; n++)
        {
            int start = offset + n * perSlice;
            if (n < withExtra) offset++;
            int end = offset + (n + 1) * perSlice;
            var tmp = seq.GetRange(start, end - start);
            if (a[1] is not null && n >= withExtra) tmp.Add(a[1]);
            result.Add(new PyList(tmp));
        }
        return new PyIterator(result, "generator");
    }

    static object? Sort(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("sort", ["reverse", "case_sensitive", "attribute"], false, false, null);
        bool caseSensitive = PyOps.Truthy(a[1]);
        // make_multi_attrgetter: "age,name" sorts by a list of keys.
        var getters = a[2] is string s ? s.Split(',').Select(p => AttrGetter(p, null)).ToList() : [AttrGetter(a[2], null)];
        return new PyList(SortBy(PyOps.ToList(v),
            item => new PyList(getters.Select(g => caseSensitive ? g(item) : IgnoreCase(g(item))).ToArray()),
            PyOps.Truthy(a[0])));
    }

    static object? Sum(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("sum", ["attribute", "start"], null, 0L);
        IEnumerable<object?> items = PyOps.Iterate(v);
        if (a[0] is not null) items = items.Select(AttrGetter(a[0], null));
        if (a[1] is string or Markup) throw PyException.Type("sum() can't sum strings [use ''.join(seq) instead]");
        object? total = a[1];
        foreach (var item in items) total = PyOps.Add(total, item);
        return total;
    }

    static object? Title(Renderer r, object? v, CallArguments args)
    {
        args.Bind("title", []);
        // Jinja's own title(): words start after runs of whitespace, '-', '(', '{', '[' or '<'.
        var parts = WordBeginningRegex().Split(SoftStr(v));
        var sb = new StringBuilder();
        foreach (var item in parts)
        {
            if (item.Length == 0) continue;
            int first = char.IsSurrogatePair(item, 0) ? 2 : 1;
            sb.Append(PyCase.ToUpper(item[..first])).Append(PyCase.ToLower(item[first..]));
        }
        return sb.ToString();
    }

    static object? ToJson(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("tojson", ["ensure_ascii", "indent", "separators", "sort_keys"], false, null, null, false);
        string? indent = a[1] switch
        {
            null => null,
            string s => s,
            long or bool => new string(' ', (int)Math.Clamp(ToInt(a[1], "indent"), 0, 10_000)),
            _ => throw PyException.Type($"can't multiply sequence by non-int of type '{PyOps.TypeName(a[1])}'"),
        };
        string itemSep = indent is null ? ", " : ",", keySep = ": ";
        if (a[2] is not null)
        {
            var seps = PyOps.ToList(a[2]);
            if (seps.Count != 2) throw PyException.Value($"too many values to unpack (expected 2)");
            itemSep = PyOps.AsString(seps[0]) ?? throw PyException.Type("separators must be strings");
            keySep = PyOps.AsString(seps[1]) ?? throw PyException.Type("separators must be strings");
        }
        return PyJson.Dumps(v, PyOps.Truthy(a[0]), indent, itemSep, keySep, PyOps.Truthy(a[3]));
    }

    static object? Trim(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("trim", ["chars"], [null]);
        return PyStringMethods.Strip(SoftStr(v), a[0] is null ? null : PyRepr.Str(a[0]), true, true);
    }

    static object? Truncate(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("truncate", ["length", "killwords", "end", "leeway"], 255L, false, "...", null);
        long length = ToInt(a[0], "length");
        string end = PyRepr.Str(a[2]);
        long leeway = a[3] is null ? 5 : ToInt(a[3], "leeway");
        if (length < end.Length) throw new PyException("AssertionError", $"expected length >= {end.Length}, got {length}");
        if (leeway < 0) throw new PyException("AssertionError", $"expected leeway >= 0, got {leeway}");
        if (PyOps.Len(v) <= length + leeway) return v;
        string s = PyOps.AsString(v) ?? throw PyException.Type($"'{PyOps.TypeName(v)}' object is not subscriptable");
        string head = s[..(int)(length - end.Length)];
        if (PyOps.Truthy(a[1])) return head + end;
        int space = head.LastIndexOf(' ');
        return (space < 0 ? head : head[..space]) + end;
    }

    static object? Unique(Renderer r, object? v, CallArguments args)
    {
        var a = args.Bind("unique", ["case_sensitive", "attribute"], false, null);
        var getter = AttrGetter(a[1], null);
        bool caseSensitive = PyOps.Truthy(a[0]);
        IEnumerable<object?> Run()
        {
            var seen = new PyDict();
            foreach (var item in PyOps.Iterate(v))
            {
                var key = caseSensitive ? getter(item) : IgnoreCase(getter(item));
                if (seen.ContainsKey(key)) continue;
                seen.Set(key, null);
                yield return item;
            }
        }
        return new PyIterator(Run(), "generator");
    }

    [GeneratedRegex(@"\w+")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"([-\s({\[<]+)")]
    private static partial Regex WordBeginningRegex();
}
