using System.Globalization;
using System.Text;

namespace Lethe.Templates;

/// <summary>
/// Python's str methods as templates call them (<c>message.content.strip()</c>, <c>s.split('\n')</c>,
/// <c>s.startswith(...)</c>, <c>'{}'.format(x)</c>). Case mapping is .NET's simple invariant mapping, which
/// differs from Python only for the few characters whose upper case is longer (ß → SS).
/// </summary>
internal static class PyStringMethods
{
    static readonly HashSet<string> Names =
    [
        "capitalize", "casefold", "center", "count", "endswith", "find", "format", "format_map", "index", "isalnum",
        "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric", "isspace", "istitle",
        "isupper", "join", "ljust", "lower", "lstrip", "partition", "removeprefix", "removesuffix", "replace",
        "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip",
        "swapcase", "title", "upper", "zfill",
    ];

    public static bool Has(string name) => Names.Contains(name);

    static string Arg(object? v, string method) => PyOps.AsString(v)
        ?? throw PyException.Type($"{method}() argument must be str, not {PyOps.TypeName(v)}");

    static long IntArg(object? v, string method) => v switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw PyException.Type($"'{PyOps.TypeName(v)}' object cannot be interpreted as an integer"),
    };

    public static object? Call(string s, string name, CallArguments args)
    {
        switch (name)
        {
            case "strip" or "lstrip" or "rstrip":
            {
                var a = args.Bind(name, ["chars"], [null]);
                string? chars = a[0] is null ? null : Arg(a[0], name);
                return Strip(s, chars, name != "rstrip", name != "lstrip");
            }
            case "upper": args.Bind(name, []); return PyCase.ToUpper(s);
            // casefold() is lower() here: full case folding differs only for a few scripts.
            case "lower" or "casefold": args.Bind(name, []); return PyCase.ToLower(s);
            case "swapcase": args.Bind(name, []); return PyCase.SwapCase(s);
            case "title": args.Bind(name, []); return PyCase.ToTitle(s);
            case "capitalize": args.Bind(name, []); return PyCase.Capitalize(s);
            case "startswith" or "endswith":
            {
                var a = args.Bind(name, ["prefix", "start", "end"], [CallArguments.Required, null, null]);
                if (!Window(s, a[1], a[2], out string sub, out _)) return false;
                IEnumerable<object?> options = a[0] is PyList { IsTuple: true } t ? t : [a[0]];
                foreach (var o in options)
                {
                    string p = PyOps.AsString(o) ?? throw PyException.Type(
                        $"{name} first arg must be str or a tuple of str, not {PyOps.TypeName(o)}");
                    if (name == "startswith" ? sub.StartsWith(p, StringComparison.Ordinal) : sub.EndsWith(p, StringComparison.Ordinal))
                        return true;
                }
                return false;
            }
            case "find" or "rfind" or "index" or "rindex":
            {
                var a = args.Bind(name, ["sub", "start", "end"], [CallArguments.Required, null, null]);
                string sub = Arg(a[0], name);
                if (!Window(s, a[1], a[2], out string window, out int offset))
                    return name is "index" or "rindex" ? throw PyException.Value("substring not found") : -1L;
                int i = name is "find" or "index"
                    ? window.IndexOf(sub, StringComparison.Ordinal)
                    : window.LastIndexOf(sub, StringComparison.Ordinal);
                if (i >= 0) return (long)(i + offset);
                if (name is "index" or "rindex") throw PyException.Value("substring not found");
                return -1L;
            }
            case "count":
            {
                var a = args.Bind(name, ["sub", "start", "end"], [CallArguments.Required, null, null]);
                string sub = Arg(a[0], name);
                if (!Window(s, a[1], a[2], out string window, out _)) return 0L;
                if (sub.Length == 0) return PyOps.Len(window) + 1;
                long n = 0;
                for (int i = window.IndexOf(sub, StringComparison.Ordinal); i >= 0;
                     i = window.IndexOf(sub, i + sub.Length, StringComparison.Ordinal)) n++;
                return n;
            }
            case "replace":
            {
                var a = args.Bind(name, ["old", "new", "count"], [CallArguments.Required, CallArguments.Required, -1L]);
                return Replace(s, Arg(a[0], name), Arg(a[1], name), IntArg(a[2], name));
            }
            case "split" or "rsplit":
            {
                var a = args.Bind(name, ["sep", "maxsplit"], [null, -1L]);
                long max = IntArg(a[1], name);
                var parts = a[0] is null
                    ? SplitWhitespace(s, max, name == "rsplit")
                    : SplitSeparator(s, Arg(a[0], name), max, name == "rsplit");
                return new PyList(parts.Cast<object?>().ToArray());
            }
            case "splitlines":
            {
                var a = args.Bind(name, ["keepends"], [false]);
                return new PyList(SplitLines(s, PyOps.Truthy(a[0])).Cast<object?>().ToArray());
            }
            case "join":
            {
                var a = args.Bind(name, ["iterable"], [CallArguments.Required]);
                var items = PyOps.ToList(a[0]);
                var sb = new StringBuilder();
                for (int i = 0; i < items.Count; i++)
                {
                    if (i > 0) sb.Append(s);
                    sb.Append(PyOps.AsString(items[i]) ?? throw PyException.Type(
                        $"sequence item {i}: expected str instance, {PyOps.TypeName(items[i])} found"));
                }
                return sb.ToString();
            }
            case "center" or "ljust" or "rjust":
            {
                var a = args.Bind(name, ["width", "fillchar"], [CallArguments.Required, " "]);
                long width = IntArg(a[0], name);
                string fill = Arg(a[1], name);
                if (fill.Length != 1) throw PyException.Type("The fill character must be exactly one character long");
                return Pad(s, width, fill[0], name);
            }
            case "zfill":
            {
                var a = args.Bind(name, ["width"], [CallArguments.Required]);
                long width = IntArg(a[0], name);
                if (s.Length >= width) return s;
                int sign = s.Length > 0 && s[0] is '+' or '-' ? 1 : 0;
                return s[..sign] + new string('0', (int)Math.Min(width - s.Length, PyOps.MaxBuiltLength)) + s[sign..];
            }
            case "partition" or "rpartition":
            {
                var a = args.Bind(name, ["sep"], [CallArguments.Required]);
                string sep = Arg(a[0], name);
                if (sep.Length == 0) throw PyException.Value("empty separator");
                int i = name == "partition" ? s.IndexOf(sep, StringComparison.Ordinal) : s.LastIndexOf(sep, StringComparison.Ordinal);
                if (i < 0) return name == "partition" ? PyList.Tuple(s, "", "") : PyList.Tuple("", "", s);
                return PyList.Tuple(s[..i], sep, s[(i + sep.Length)..]);
            }
            case "removeprefix":
            {
                string p = Arg(args.Bind(name, ["prefix"], [CallArguments.Required])[0], name);
                return s.StartsWith(p, StringComparison.Ordinal) ? s[p.Length..] : s;
            }
            case "removesuffix":
            {
                string p = Arg(args.Bind(name, ["suffix"], [CallArguments.Required])[0], name);
                return p.Length > 0 && s.EndsWith(p, StringComparison.Ordinal) ? s[..^p.Length] : s;
            }
            case "format":
                return PyFormat.Format(s, args.Positional, args.Keywords);
            case "format_map":
            {
                var map = args.Bind(name, ["mapping"], [CallArguments.Required])[0] as PyDict
                          ?? throw PyException.Type("format_map() argument must be a mapping");
                return PyFormat.Format(s, [], map.Items.Select(kv => new KeyValuePair<string, object?>(PyRepr.Str(kv.Key), kv.Value)).ToList());
            }
            default:
                args.Bind(name, []);
                return Predicate(s, name);
        }
    }

    static bool Predicate(string s, string name)
    {
        if (name == "isascii") return s.All(c => c < 128);
        if (s.Length == 0) return false;
        return name switch
        {
            "isalnum" => s.All(char.IsLetterOrDigit) || s.All(c => char.IsLetter(c) || char.IsNumber(c)),
            "isalpha" => s.All(char.IsLetter),
            "isdecimal" => s.All(char.IsDigit),
            "isdigit" => s.All(c => char.IsDigit(c) || CharUnicodeInfo.GetDecimalDigitValue(c) >= 0),
            "isnumeric" => s.All(char.IsNumber),
            "isspace" => s.All(Lexer.IsPySpace),
            "islower" => s.Any(char.IsLower) && !s.Any(c => char.IsUpper(c) || char.GetUnicodeCategory(c) == UnicodeCategory.TitlecaseLetter),
            "isupper" => s.Any(char.IsUpper) && !s.Any(c => char.IsLower(c) || char.GetUnicodeCategory(c) == UnicodeCategory.TitlecaseLetter),
            "istitle" => PyCase.ToTitle(s) == s && s.Any(PyCase.IsCased),
            "isidentifier" => (char.IsLetter(s[0]) || s[0] == '_') && s.All(c => char.IsLetterOrDigit(c) || c == '_'),
            _ => throw new InvalidOperationException(name),
        };
    }

    /// <summary>s[start:end] for the optional start/end arguments, adjusted as CPython does for find/count/
    /// startswith; false when the window is empty because end precedes start (every such method then fails).</summary>
    static bool Window(string s, object? start, object? end, out string window, out int offset)
    {
        int len = s.Length;
        long st = start is null ? 0 : IntArg(start, "slice"), en = end is null ? len : IntArg(end, "slice");
        if (en > len) en = len;
        else if (en < 0) en = Math.Max(0, en + len);
        if (st < 0) st = Math.Max(0, st + len);
        offset = (int)Math.Min(st, len);
        window = st <= en ? s[(int)st..(int)en] : "";
        return st <= en;
    }

    public static string Strip(string s, string? chars, bool left, bool right)
    {
        Func<char, bool> strip = chars is null ? Lexer.IsPySpace : chars.Contains;
        int start = 0, end = s.Length;
        if (left) while (start < end && strip(s[start])) start++;
        if (right) while (end > start && strip(s[end - 1])) end--;
        return s[start..end];
    }

    public static string Replace(string s, string old, string @new, long count)
    {
        if (count < 0) count = long.MaxValue;
        var sb = new StringBuilder();
        if (old.Length == 0)
        {
            // Python inserts the replacement before every character and at the end.
            long done = 0;
            foreach (var ch in PyOps.CodePoints(s))
            {
                if (done++ < count) sb.Append(@new);
                sb.Append((string)ch!);
            }
            if (done < count) sb.Append(@new);
            return sb.ToString();
        }
        int pos = 0;
        for (long n = 0; n < count; n++)
        {
            int i = s.IndexOf(old, pos, StringComparison.Ordinal);
            if (i < 0) break;
            sb.Append(s, pos, i - pos).Append(@new);
            pos = i + old.Length;
            if (sb.Length > PyOps.MaxBuiltLength) throw new PyException("MemoryError", "replace() result too large");
        }
        return sb.Append(s, pos, s.Length - pos).ToString();
    }

    static List<string> SplitWhitespace(string s, long max, bool fromRight)
    {
        var result = new List<string>();
        if (max < 0) max = long.MaxValue;
        if (!fromRight)
        {
            int i = 0, n = s.Length;
            while (max-- > 0)
            {
                while (i < n && Lexer.IsPySpace(s[i])) i++;
                if (i == n) break;
                int j = i;
                while (i < n && !Lexer.IsPySpace(s[i])) i++;
                result.Add(s[j..i]);
            }
            while (i < n && Lexer.IsPySpace(s[i])) i++;
            if (i < n) result.Add(s[i..]);
            return result;
        }
        int end = s.Length;
        while (max-- > 0)
        {
            while (end > 0 && Lexer.IsPySpace(s[end - 1])) end--;
            if (end == 0) break;
            int j = end;
            while (end > 0 && !Lexer.IsPySpace(s[end - 1])) end--;
            result.Add(s[end..j]);
        }
        while (end > 0 && Lexer.IsPySpace(s[end - 1])) end--;
        if (end > 0) result.Add(s[..end]);
        result.Reverse();
        return result;
    }

    static List<string> SplitSeparator(string s, string sep, long max, bool fromRight)
    {
        if (sep.Length == 0) throw PyException.Value("empty separator");
        if (max < 0) max = long.MaxValue;
        var result = new List<string>();
        if (!fromRight)
        {
            int pos = 0;
            while (max-- > 0)
            {
                int i = s.IndexOf(sep, pos, StringComparison.Ordinal);
                if (i < 0) break;
                result.Add(s[pos..i]);
                pos = i + sep.Length;
            }
            result.Add(s[pos..]);
            return result;
        }
        int end = s.Length;
        while (max-- > 0 && end >= sep.Length)
        {
            int i = s.LastIndexOf(sep, end - 1, end, StringComparison.Ordinal);
            if (i < 0) break;
            result.Add(s[(i + sep.Length)..end]);
            end = i;
        }
        result.Add(s[..end]);
        result.Reverse();
        return result;
    }

    /// <summary>str.splitlines(): splits on \n, \r, \r\n, \v, \f, \x1c-\x1e, \x85, U+2028, U+2029.</summary>
    public static List<string> SplitLines(string s, bool keepEnds)
    {
        var lines = new List<string>();
        int start = 0, i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                int eol = i;
                i += c == '\r' && i + 1 < s.Length && s[i + 1] == '\n' ? 2 : 1;
                lines.Add(keepEnds ? s[start..i] : s[start..eol]);
                start = i;
            }
            else i++;
        }
        if (start < s.Length) lines.Add(s[start..]);
        return lines;
    }

    static string Pad(string s, long width, char fill, string how)
    {
        long len = PyOps.Len(s);
        if (len >= width) return s;
        if (width > PyOps.MaxBuiltLength) throw new PyException("MemoryError", $"{how}() width too large");
        int marg = (int)(width - len);
        int left = how switch
        {
            "ljust" => 0,
            "rjust" => marg,
            _ => marg / 2 + (marg & (int)width & 1),
        };
        return new string(fill, left) + s + new string(fill, marg - left);
    }
}
