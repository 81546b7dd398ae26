using System.Globalization;
using System.Text;

namespace Lethe.Templates;

/// <summary>
/// Python's two string formatting languages: printf-style <c>'%s: %05.2f' % (a, b)</c> (also the
/// <c>format</c> filter) and <c>'{}: {:>8}'.format(a, b)</c>. Covers the conversions s r a d i u o x X e E f F
/// g G c % and the usual flags, widths, precisions, fill and alignment; not locale-aware 'n'.
/// </summary>
internal static class PyFormat
{
    const int MaxWidth = 1_000_000;

    // ---- printf style ----------------------------------------------------------------------------------------

    public static object Percent(object? format, object? args)
    {
        bool markup = format is Markup;
        string fmt = PyOps.AsString(format)!;
        IReadOnlyList<object?> values = args is PyList { IsTuple: true } t ? t : [args];
        var mapping = args as PyDict;
        int next = 0;
        bool usedMapping = false;
        var sb = new StringBuilder();
        object? NextArg()
        {
            if (next >= values.Count) throw PyException.Type("not enough arguments for format string");
            return values[next++];
        }
        for (int i = 0; i < fmt.Length; i++)
        {
            char c = fmt[i];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }
            if (++i >= fmt.Length) throw PyException.Value("incomplete format");
            object? value = null;
            bool haveValue = false;
            if (fmt[i] == '(')
            {
                int depth = 1, k = i + 1;
                while (k < fmt.Length && depth > 0)
                {
                    if (fmt[k] == '(') depth++;
                    else if (fmt[k] == ')') depth--;
                    k++;
                }
                if (depth > 0) throw PyException.Value("incomplete format key");
                if (mapping is null) throw PyException.Type("format requires a mapping");
                string key = fmt[(i + 1)..(k - 1)];
                if (!mapping.TryGet(key, out value)) throw new PyException("KeyError", PyRepr.Repr(key));
                haveValue = true;
                usedMapping = true;
                i = k;
            }
            var spec = new Spec();
            for (; i < fmt.Length && fmt[i] is '-' or '+' or ' ' or '#' or '0'; i++)
            {
                switch (fmt[i])
                {
                    case '-': spec.Align = '<'; break;
                    case '+': spec.Sign = '+'; break;
                    case ' ': if (spec.Sign != '+') spec.Sign = ' '; break;
                    case '#': spec.Alternate = true; break;
                    case '0': spec.ZeroPad = true; break;
                }
            }
            if (i < fmt.Length && fmt[i] == '*')
            {
                long w = StarArg(NextArg());
                if (w < 0) spec.Align = '<';
                spec.Width = (int)Math.Min(Math.Abs(w), MaxWidth);
                i++;
            }
            else spec.Width = ReadInt(fmt, ref i);
            if (i < fmt.Length && fmt[i] == '.')
            {
                i++;
                if (i < fmt.Length && fmt[i] == '*') { spec.Precision = (int)Math.Max(0, StarArg(NextArg())); i++; }
                else spec.Precision = ReadInt(fmt, ref i);
            }
            while (i < fmt.Length && fmt[i] is 'h' or 'l' or 'L') i++;
            if (i >= fmt.Length) throw PyException.Value("incomplete format");
            char type = fmt[i];
            if (type == '%')
            {
                sb.Append('%');
                continue;
            }
            if (!haveValue) value = NextArg();
            if (spec.Align == '<') spec.ZeroPad = false;
            spec.Type = type;
            string text = type switch
            {
                's' => Truncate(markup ? Markup.EscapeValue(value).Text : PyRepr.Str(value), spec.Precision),
                'r' or 'a' => Truncate(Ascii(PyRepr.Repr(value), type == 'a'), spec.Precision),
                'c' => CharOf(value),
                'd' or 'i' or 'u' => FormatInteger(PercentInt(value, type, allowFloat: true), spec, 'd'),
                'o' or 'x' or 'X' => FormatInteger(PercentInt(value, type, allowFloat: false), spec, type),
                'e' or 'E' or 'f' or 'F' or 'g' or 'G' => FormatFloat(PercentFloat(value, type), spec, type),
                _ => throw PyException.Value($"unsupported format character '{type}' (0x{(int)type:x}) at index {i}"),
            };
            if (type is 's' or 'r' or 'a' or 'c') text = Pad(text, spec.Width, spec.Align == '<' ? '<' : '>', ' ');
            sb.Append(text);
        }
        if (next < values.Count && !(mapping is not null && (usedMapping || next == 0)))
            throw PyException.Type("not all arguments converted during string formatting");
        return markup ? new Markup(sb.ToString()) : sb.ToString();
    }

    static long StarArg(object? v) => v is long l ? l : v is bool b ? (b ? 1 : 0) : throw PyException.Type("* wants int");

    static int ReadInt(string s, ref int i)
    {
        int start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        if (i == start) return NoValue;
        int v = int.Parse(s.AsSpan(start, i - start), CultureInfo.InvariantCulture);
        if (v > MaxWidth) throw PyException.Value("width or precision too big");
        return v;
    }

    const int NoValue = int.MinValue;

    static string Truncate(string s, int precision) => precision != NoValue && precision < s.Length ? s[..precision] : s;

    static string Ascii(string repr, bool ascii)
    {
        if (!ascii) return repr;
        var sb = new StringBuilder();
        for (int i = 0; i < repr.Length; i++)
        {
            int cp = repr[i];
            if (char.IsHighSurrogate(repr[i]) && i + 1 < repr.Length) cp = char.ConvertToUtf32(repr[i], repr[++i]);
            if (cp < 0x80) sb.Append((char)cp);
            else if (cp < 0x100) sb.Append($"\\x{cp:x2}");
            else if (cp < 0x10000) sb.Append($"\\u{cp:x4}");
            else sb.Append($"\\U{cp:x8}");
        }
        return sb.ToString();
    }

    static string CharOf(object? v) => v switch
    {
        long l when l is >= 0 and <= 0x10FFFF => char.ConvertFromUtf32((int)l),
        string s when PyOps.Len(s) == 1 => s,
        _ => throw PyException.Type("%c requires an int or a unicode character"),
    };

    static long PercentInt(object? v, char type, bool allowFloat) => v switch
    {
        bool b => b ? 1 : 0,
        long l => l,
        double d when allowFloat => Truncate(d),
        double => throw PyException.Type($"%{type} format: an integer is required, not float"),
        _ => throw PyException.Type($"%{type} format: {(allowFloat ? "a real number" : "an integer")} is required, not {PyOps.TypeName(v)}"),
    };

    static long Truncate(double d)
    {
        if (double.IsNaN(d)) throw PyException.Value("cannot convert float NaN to integer");
        if (double.IsInfinity(d)) throw new PyException("OverflowError", "cannot convert float infinity to integer");
        double t = Math.Truncate(d);
        if (t >= 9.223372036854775807e18 || t < -9.223372036854775808e18)
            throw new PyException("OverflowError", "integer does not fit in 64 bits");
        return (long)t;
    }

    static double PercentFloat(object? v, char type) => v switch
    {
        bool b => b ? 1 : 0,
        long l => l,
        double d => d,
        _ => throw PyException.Type($"must be real number, not {PyOps.TypeName(v)}"),
    };

    // ---- shared number layout --------------------------------------------------------------------------------

    sealed class Spec
    {
        public char Fill = ' ';
        public char Align; // '<', '>', '^', '=' or '\0' for the type's default
        public char Sign = '-';
        public bool Alternate;
        public bool ZeroPad;
        public int Width = NoValue;
        public char Grouping;
        public int Precision = NoValue;
        public char Type;
    }

    static string FormatInteger(long value, Spec spec, char type)
    {
        bool negative = value < 0;
        ulong magnitude = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        string digits = type switch
        {
            'b' => Convert.ToString((long)magnitude, 2),
            'o' => Convert.ToString((long)magnitude, 8),
            'x' => magnitude.ToString("x", CultureInfo.InvariantCulture),
            'X' => magnitude.ToString("X", CultureInfo.InvariantCulture),
            _ => magnitude.ToString(CultureInfo.InvariantCulture),
        };
        if (type == 'd' && spec.Precision != NoValue && spec.Type is 'd' or 'i' or 'u' && digits.Length < spec.Precision)
            digits = new string('0', spec.Precision - digits.Length) + digits; // printf %.3d
        if (spec.Grouping != '\0') digits = Group(digits, spec.Grouping, type is 'd' ? 3 : 4);
        string prefix = spec.Alternate ? type switch { 'b' => "0b", 'o' => "0o", 'x' => "0x", 'X' => "0X", _ => "" } : "";
        return Layout(SignOf(negative, spec) + prefix, digits, spec);
    }

    static string SignOf(bool negative, Spec spec) => negative ? "-" : spec.Sign is '+' or ' ' ? spec.Sign.ToString() : "";

    /// <summary>Places sign+prefix and digits in the field: zero padding goes between them.</summary>
    static string Layout(string signPrefix, string body, Spec spec)
    {
        if (spec.Width == NoValue || signPrefix.Length + body.Length >= spec.Width) return signPrefix + body;
        int pad = spec.Width - signPrefix.Length - body.Length;
        if (spec.ZeroPad && spec.Align is '\0' or '=') return signPrefix + new string('0', pad) + body;
        char align = spec.Align == '\0' ? '>' : spec.Align;
        if (align == '=') return signPrefix + new string(spec.Fill, pad) + body;
        return Pad(signPrefix + body, spec.Width, align, spec.Fill);
    }

    static string Pad(string s, int width, char align, char fill)
    {
        if (width == NoValue) return s;
        int len = (int)PyOps.Len(s);
        if (len >= width) return s;
        int pad = width - len;
        return align switch
        {
            '<' => s + new string(fill, pad),
            '^' => new string(fill, pad / 2) + s + new string(fill, pad - pad / 2),
            _ => new string(fill, pad) + s,
        };
    }

    static string Group(string digits, char sep, int size)
    {
        int dot = digits.IndexOf('.');
        string intPart = dot < 0 ? digits : digits[..dot], rest = dot < 0 ? "" : digits[dot..];
        var sb = new StringBuilder();
        for (int i = 0; i < intPart.Length; i++)
        {
            if (i > 0 && (intPart.Length - i) % size == 0) sb.Append(sep);
            sb.Append(intPart[i]);
        }
        return sb + rest;
    }

    static string FormatFloat(double value, Spec spec, char type)
    {
        bool negative = double.IsNegative(value) && !double.IsNaN(value);
        double v = Math.Abs(value);
        bool upper = char.IsUpper(type);
        string body;
        if (double.IsNaN(v) || double.IsInfinity(v))
        {
            body = double.IsNaN(v) ? "nan" : "inf";
            if (upper) body = body.ToUpperInvariant();
            var noZero = new Spec { Fill = spec.Fill, Align = spec.Align, Sign = spec.Sign, Width = spec.Width };
            return Layout(SignOf(negative, spec), body, noZero);
        }
        int precision = spec.Precision == NoValue ? 6 : spec.Precision;
        switch (char.ToLowerInvariant(type))
        {
            case 'f':
                body = Fixed(v, precision);
                if (spec.Alternate && precision == 0) body += ".";
                break;
            case 'e':
                body = Exponent(v, precision, upper);
                if (spec.Alternate && precision == 0) body = body.Insert(1, ".");
                break;
            case '%':
                body = Fixed(v * 100, precision) + "%";
                break;
            case 'r': // repr: format() with neither type nor precision
                body = PyRepr.Float(v);
                break;
            case 'n' or 'z': // the '' type of format(): like g, but fixed notation keeps a ".0"
                body = General(v, spec.Precision == NoValue ? 12 : Math.Max(precision, 1), false, spec.Alternate);
                if (!body.Contains('.') && !body.Contains('e')) body += ".0";
                break;
            default: // g
                body = General(v, Math.Max(precision, 1), upper, spec.Alternate);
                break;
        }
        if (spec.Grouping != '\0' && !body.Contains('e')) body = Group(body, spec.Grouping, 3);
        return Layout(SignOf(negative, spec), body, spec);
    }

    static string Fixed(double v, int precision) => v.ToString("F" + precision, CultureInfo.InvariantCulture);

    static string Exponent(double v, int precision, bool upper)
    {
        string s = v.ToString((upper ? "E" : "e") + precision, CultureInfo.InvariantCulture);
        int e = s.IndexOfAny(['e', 'E']);
        int exp = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return s[..(e + 1)] + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>%g: precision significant digits, exponent notation when the exponent is &lt; -4 or ≥ precision,
    /// trailing zeros removed unless #.</summary>
    static string General(double v, int precision, bool upper, bool alternate)
    {
        if (v == 0) return alternate ? "0." + new string('0', precision - 1) : "0";
        string e = v.ToString("E" + (precision - 1), CultureInfo.InvariantCulture);
        int exp = int.Parse(e.AsSpan(e.IndexOf('E') + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string body = exp >= -4 && exp < precision
            ? Fixed(v, precision - 1 - exp)
            : Exponent(v, precision - 1, upper);
        if (alternate) return body;
        int ePos = body.IndexOfAny(['e', 'E']);
        string mantissa = ePos < 0 ? body : body[..ePos], tail = ePos < 0 ? "" : body[ePos..];
        if (mantissa.Contains('.')) mantissa = mantissa.TrimEnd('0').TrimEnd('.');
        return mantissa + tail;
    }

    // ---- str.format ------------------------------------------------------------------------------------------

    public static string Format(string fmt, IReadOnlyList<object?> args, IReadOnlyList<KeyValuePair<string, object?>> kwargs)
    {
        var sb = new StringBuilder();
        int auto = 0;
        bool? manual = null;
        for (int i = 0; i < fmt.Length; i++)
        {
            char c = fmt[i];
            if (c == '}')
            {
                if (i + 1 < fmt.Length && fmt[i + 1] == '}') { sb.Append('}'); i++; continue; }
                throw PyException.Value("Single '}' encountered in format string");
            }
            if (c != '{')
            {
                sb.Append(c);
                continue;
            }
            if (i + 1 < fmt.Length && fmt[i + 1] == '{') { sb.Append('{'); i++; continue; }
            int depth = 1, k = i + 1;
            while (k < fmt.Length && depth > 0)
            {
                if (fmt[k] == '{') depth++;
                else if (fmt[k] == '}') depth--;
                if (depth > 0) k++;
            }
            if (depth > 0) throw PyException.Value("expected '}' before end of string");
            string field = fmt[(i + 1)..k];
            i = k;
            string spec = "";
            char conversion = '\0';
            int colon = IndexOutsideBrackets(field, ':');
            if (colon >= 0) { spec = field[(colon + 1)..]; field = field[..colon]; }
            int bang = IndexOutsideBrackets(field, '!');
            if (bang >= 0)
            {
                if (bang + 2 != field.Length) throw PyException.Value("expected ':' after conversion specifier");
                conversion = field[bang + 1];
                field = field[..bang];
            }
            if (spec.Contains('{')) spec = Format(spec, args, kwargs);
            // first part: auto index, number or name; then .attr and [key] parts
            int end = 0;
            while (end < field.Length && field[end] is not ('.' or '[')) end++;
            string first = field[..end];
            object? value;
            if (first.Length == 0 || first.All(char.IsAsciiDigit))
            {
                int index;
                if (first.Length == 0)
                {
                    if (manual == true) throw PyException.Value("cannot switch from manual field specification to automatic field numbering");
                    manual = false;
                    index = auto++;
                }
                else
                {
                    if (manual == false) throw PyException.Value("cannot switch from automatic field numbering to manual field specification");
                    manual = true;
                    index = int.Parse(first, CultureInfo.InvariantCulture);
                }
                if (index >= args.Count)
                    throw new PyException("IndexError", $"Replacement index {index} out of range for positional args tuple");
                value = args[index];
            }
            else
            {
                int kw = -1;
                for (int j = 0; j < kwargs.Count; j++) if (kwargs[j].Key == first) kw = j;
                if (kw < 0) throw new PyException("KeyError", PyRepr.Repr(first));
                value = kwargs[kw].Value;
            }
            while (end < field.Length)
            {
                if (field[end] == '.')
                {
                    int s = ++end;
                    while (end < field.Length && field[end] is not ('.' or '[')) end++;
                    value = PyOps.GetAttr(value, field[s..end]);
                }
                else
                {
                    int close = field.IndexOf(']', end);
                    if (close < 0) throw PyException.Value("Missing ']' in format string");
                    string key = field[(end + 1)..close];
                    value = PyOps.GetItem(value, key.Length > 0 && key.All(char.IsAsciiDigit) ? long.Parse(key, CultureInfo.InvariantCulture) : key);
                    end = close + 1;
                }
            }
            value = conversion switch
            {
                '\0' => value,
                's' => PyRepr.Str(value),
                'r' => PyRepr.Repr(value),
                'a' => Ascii(PyRepr.Repr(value), true),
                _ => throw PyException.Value($"Unknown conversion specifier {conversion}"),
            };
            sb.Append(FormatValue(value, spec));
        }
        return sb.ToString();
    }

    static int IndexOutsideBrackets(string s, char c)
    {
        bool inBracket = false;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '[') inBracket = true;
            else if (s[i] == ']') inBracket = false;
            else if (s[i] == c && !inBracket) return i;
        }
        return -1;
    }

    /// <summary>format(value, spec) for the format-spec mini-language.</summary>
    public static string FormatValue(object? value, string specText)
    {
        if (value is Undefined u && specText.Length > 0) throw u.Fail();
        if (specText.Length == 0 || value is not (string or Markup or long or bool or double))
        {
            if (specText.Length > 0)
                throw PyException.Type($"unsupported format string passed to {PyOps.TypeName(value)}.__format__");
            return PyRepr.Str(value);
        }
        var spec = ParseSpec(specText);
        switch (value)
        {
            case string or Markup:
            {
                if (spec.Type is not ('\0' or 's'))
                    throw PyException.Value($"Unknown format code '{spec.Type}' for object of type 'str'");
                if (spec.Sign != '-') throw PyException.Value("Sign not allowed in string format specifier");
                string s = Truncate(PyOps.AsString(value)!, spec.Precision);
                return Pad(s, spec.Width, spec.Align == '\0' ? '<' : spec.Align, spec.Fill);
            }
            case long or bool when spec.Type is '\0' or 'd' or 'b' or 'o' or 'x' or 'X' or 'c' or 'n':
            {
                long l = value is bool b ? (b ? 1 : 0) : (long)value;
                if (spec.Precision != NoValue) throw PyException.Value("Precision not allowed in integer format specifier");
                if (spec.Type == 'c')
                    return Pad(CharOf(l), spec.Width, spec.Align == '\0' ? '>' : spec.Align, spec.Fill);
                char t = spec.Type is '\0' or 'n' ? 'd' : spec.Type;
                spec.Type = t;
                return FormatInteger(l, spec, t);
            }
            default:
            {
                double d = value switch { bool b => b ? 1 : 0, long l => l, _ => (double)value };
                char t = spec.Type;
                if (t is 'd' or 'b' or 'o' or 'x' or 'X' or 'c')
                    throw PyException.Value($"Unknown format code '{t}' for object of type 'float'");
                if (t == '\0') t = spec.Precision == NoValue ? 'r' : 'z';
                if (t == 'n') t = 'g';
                return FormatFloat(d, spec, t);
            }
        }
    }

    static Spec ParseSpec(string s)
    {
        var spec = new Spec();
        int i = 0;
        if (s.Length >= 2 && s[1] is '<' or '>' or '^' or '=') { spec.Fill = s[0]; spec.Align = s[1]; i = 2; }
        else if (s.Length >= 1 && s[0] is '<' or '>' or '^' or '=') { spec.Align = s[0]; i = 1; }
        if (i < s.Length && s[i] is '+' or '-' or ' ') spec.Sign = s[i++];
        if (i < s.Length && s[i] == 'z') i++;
        if (i < s.Length && s[i] == '#') { spec.Alternate = true; i++; }
        if (i < s.Length && s[i] == '0')
        {
            if (spec.Align == '\0') { spec.Fill = '0'; spec.Align = '='; }
            i++;
        }
        spec.Width = ReadInt(s, ref i);
        if (i < s.Length && s[i] is ',' or '_') spec.Grouping = s[i++];
        if (i < s.Length && s[i] == '.')
        {
            i++;
            spec.Precision = ReadInt(s, ref i);
            if (spec.Precision == NoValue) throw PyException.Value("Format specifier missing precision");
        }
        if (i < s.Length) spec.Type = s[i++];
        if (i < s.Length) throw PyException.Value("Invalid format specifier");
        return spec;
    }
}
