using System.Globalization;
using System.Text;

namespace Lethe.Templates;

/// <summary>
/// The global names a chat template sees besides its variables: Jinja's <c>range</c> (sandbox-limited),
/// <c>dict</c>, <c>namespace</c>, <c>cycler</c>, <c>joiner</c>, and transformers' <c>raise_exception</c> and
/// <c>strftime_now</c>. Variables passed to the render override them, as in Jinja.
/// </summary>
internal static class Globals
{
    /// <summary>Jinja's sandbox MAX_RANGE.</summary>
    public const int MaxRange = 100_000;

    public static IEnumerable<KeyValuePair<string, object?>> All()
    {
        yield return Fn("range", Range);
        yield return Fn("dict", (_, a) => MakeDict("dict", a));
        yield return Fn("namespace", (_, a) =>
        {
            var ns = new Namespace();
            foreach (var (k, v) in MakeDict("namespace", a).Items) ns.Set(PyRepr.Str(k), v);
            return ns;
        });
        yield return Fn("cycler", (_, a) =>
        {
            if (a.Keywords.Count > 0) throw PyException.Type("cycler() got an unexpected keyword argument");
            if (a.Positional.Count == 0) throw PyException.Type("at least one item has to be provided");
            return new Cycler(a.Positional);
        });
        yield return Fn("joiner", (_, a) => new Joiner(PyRepr.Str(a.Bind("joiner", ["sep"], ", ")[0])));
        yield return Fn("lipsum", (_, _) =>
            throw new PyException("TemplateRuntimeError", "lipsum() is not supported by this renderer (its output is random)"));
        yield return Fn("raise_exception", (_, a) =>
        {
            var message = a.Bind("raise_exception", ["message"], CallArguments.Required)[0];
            throw new TemplateError(PyRepr.Str(message), null);
        });
        yield return Fn("strftime_now", (_, a) =>
        {
            var format = a.Bind("strftime_now", ["format"], CallArguments.Required)[0];
            return Strftime(PyOps.AsString(format) ?? throw PyException.Type("strftime() argument 1 must be str"), DateTime.Now);
        });
    }

    static KeyValuePair<string, object?> Fn(string name, Func<Renderer, CallArguments, object?> body) =>
        new(name, new BuiltinFunction(name, body));

    static object? Range(Renderer r, CallArguments args)
    {
        if (args.Keywords.Count > 0) throw PyException.Type("range() takes no keyword arguments");
        var p = args.Positional;
        if (p.Count is 0 or > 3) throw PyException.Type($"range expected at most 3 arguments, got {p.Count}");
        long Int(object? v) => v switch
        {
            long l => l,
            bool b => b ? 1 : 0,
            _ => throw PyException.Type($"'{PyOps.TypeName(v)}' object cannot be interpreted as an integer"),
        };
        long start = p.Count == 1 ? 0 : Int(p[0]), stop = p.Count == 1 ? Int(p[0]) : Int(p[1]), step = p.Count == 3 ? Int(p[2]) : 1;
        if (step == 0) throw PyException.Value("range() arg 3 must not be zero");
        double count = step > 0 ? Math.Ceiling((stop - (double)start) / step) : Math.Ceiling((start - (double)stop) / -step);
        if (count > MaxRange)
            throw new PyException("OverflowError", $"Range too big. The sandbox blocks ranges larger than MAX_RANGE ({MaxRange}).");
        var items = new List<object?>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) items.Add(i);
        return new PyList(items.ToArray(), SeqKind.Range) { RangeArgs = (start, stop, step) };
    }

    /// <summary>dict(mapping_or_pairs, **kwargs), shared by dict() and namespace().</summary>
    static PyDict MakeDict(string name, CallArguments args)
    {
        if (args.Positional.Count > 1) throw PyException.Type($"{name} expected at most 1 argument, got {args.Positional.Count}");
        var d = new PyDict();
        if (args.Positional.Count == 1)
        {
            var source = args.Positional[0];
            if (source is PyDict src)
                foreach (var (k, v) in src.Items) d.Set(k, v);
            else
            {
                int i = 0;
                foreach (var pair in PyOps.Iterate(source))
                {
                    var kv = PyOps.ToList(pair);
                    if (kv.Count != 2)
                        throw PyException.Value($"dictionary update sequence element #{i} has length {kv.Count}; 2 is required");
                    d.Set(kv[0], kv[1]);
                    i++;
                }
            }
        }
        foreach (var (k, v) in args.Keywords) d.Set(k, v);
        return d;
    }

    static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <summary>C-locale strftime for the directives chat templates use (%d %b %Y and friends), including
    /// glibc's "-" flag that drops padding (%-d).</summary>
    public static string Strftime(string format, DateTime t)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                sb.Append(format[i]);
                continue;
            }
            char c = format[++i];
            bool noPad = false;
            if (c == '-' && i + 1 < format.Length)
            {
                noPad = true;
                c = format[++i];
            }
            string Num(int v, int width) => noPad ? v.ToString(CultureInfo.InvariantCulture) : v.ToString(new string('0', width), CultureInfo.InvariantCulture);
            int hour12 = t.Hour % 12 == 0 ? 12 : t.Hour % 12;
            sb.Append(c switch
            {
                'a' => Days[(int)t.DayOfWeek][..3],
                'A' => Days[(int)t.DayOfWeek],
                'b' or 'h' => Months[t.Month - 1][..3],
                'B' => Months[t.Month - 1],
                'd' => Num(t.Day, 2),
                'e' => noPad ? t.Day.ToString(CultureInfo.InvariantCulture) : t.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2),
                'H' => Num(t.Hour, 2),
                'I' => Num(hour12, 2),
                'j' => Num(t.DayOfYear, 3),
                'm' => Num(t.Month, 2),
                'M' => Num(t.Minute, 2),
                'p' => t.Hour < 12 ? "AM" : "PM",
                'S' => Num(t.Second, 2),
                'y' => Num(t.Year % 100, 2),
                'Y' => t.Year.ToString(CultureInfo.InvariantCulture),
                'w' => ((int)t.DayOfWeek).ToString(CultureInfo.InvariantCulture),
                'u' => (t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek).ToString(CultureInfo.InvariantCulture),
                'F' => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                'T' => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                'D' => t.ToString("MM/dd/yy", CultureInfo.InvariantCulture),
                'R' => t.ToString("HH:mm", CultureInfo.InvariantCulture),
                'c' => $"{Days[(int)t.DayOfWeek][..3]} {Months[t.Month - 1][..3]} {t.Day,2} {t:HH:mm:ss} {t.Year}",
                'x' => t.ToString("MM/dd/yy", CultureInfo.InvariantCulture),
                'X' => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                'z' => FormatOffset(TimeZoneInfo.Local.GetUtcOffset(t)),
                'Z' => TimeZoneInfo.Local.IsDaylightSavingTime(t) ? TimeZoneInfo.Local.DaylightName : TimeZoneInfo.Local.StandardName,
                '%' => "%",
                _ => "%" + (noPad ? "-" : "") + c,
            });
        }
        return sb.ToString();
    }

    static string FormatOffset(TimeSpan o) =>
        (o < TimeSpan.Zero ? "-" : "+") + Math.Abs(o.Hours).ToString("00", CultureInfo.InvariantCulture)
        + Math.Abs(o.Minutes).ToString("00", CultureInfo.InvariantCulture);
}
