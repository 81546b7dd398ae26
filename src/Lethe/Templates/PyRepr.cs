using System.Globalization;
using System.Text;

namespace Lethe.Templates;

/// <summary>
/// Python's <c>str()</c> and <c>repr()</c> of template values, which is what <c>{{ value }}</c> prints:
/// <c>True</c>, <c>None</c>, <c>2.5</c>, <c>1e-05</c>, <c>['a', 'b']</c>, <c>{'k': 1}</c>, <c>('a',)</c>.
/// </summary>
internal static class PyRepr
{
    public static string Str(object? value) => value switch
    {
        string s => s,
        Markup m => m.Text,
        Undefined => "",
        _ => Repr(value),
    };

    public static string Repr(object? value)
    {
        var sb = new StringBuilder();
        AppendRepr(sb, value, 0);
        return sb.ToString();
    }

    const int MaxDepth = 200;

    static void AppendRepr(StringBuilder sb, object? value, int depth)
    {
        if (depth > MaxDepth) throw new PyException("RecursionError", "maximum recursion depth exceeded while getting the repr of an object");
        switch (value)
        {
            case null: sb.Append("None"); break;
            case bool b: sb.Append(b ? "True" : "False"); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: sb.Append(Float(d)); break;
            case string s: AppendStringRepr(sb, s); break;
            case Markup m: sb.Append("Markup("); AppendStringRepr(sb, m.Text); sb.Append(')'); break;
            case Undefined: sb.Append("Undefined"); break;
            case PyList list: AppendSequence(sb, list, depth); break;
            case PyDict dict: AppendDict(sb, dict, depth); break;
            case Namespace ns: sb.Append("<Namespace "); AppendDict(sb, ns.Attributes, depth); sb.Append('>'); break;
            case LoopContext loop: sb.Append($"<LoopContext {loop.Index0 + 1}/{loop.Length}>"); break;
            case Macro macro: sb.Append($"<Macro '{macro.Definition.Name}'>"); break;
            case PyIterator it: sb.Append($"<{it.TypeName} object>"); break;
            case BuiltinFunction f: sb.Append($"<function {f.Name}>"); break;
            case BoundMethod m: sb.Append($"<built-in method {m.Name} of {PyOps.TypeName(m.Target)} object>"); break;
            case PySlice s:
                sb.Append("slice(");
                AppendRepr(sb, s.Start, depth + 1);
                sb.Append(", ");
                AppendRepr(sb, s.Stop, depth + 1);
                sb.Append(", ");
                AppendRepr(sb, s.Step, depth + 1);
                sb.Append(')');
                break;
            default: sb.Append($"<{PyOps.TypeName(value)} object>"); break;
        }
    }

    static void AppendSequence(StringBuilder sb, PyList list, int depth)
    {
        if (list.Kind == SeqKind.Range)
        {
            var (start, stop, step) = list.RangeArgs;
            sb.Append($"range({start}, {stop}").Append(step != 1 ? $", {step})" : ")");
            return;
        }
        string prefix = list.Kind switch
        {
            SeqKind.DictKeys => "dict_keys(",
            SeqKind.DictValues => "dict_values(",
            SeqKind.DictItems => "dict_items(",
            _ => "",
        };
        sb.Append(prefix);
        sb.Append(list.IsTuple ? '(' : '[');
        for (int i = 0; i < list.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            AppendRepr(sb, list[i], depth + 1);
        }
        if (list.IsTuple && list.Count == 1) sb.Append(',');
        sb.Append(list.IsTuple ? ')' : ']');
        if (prefix.Length > 0) sb.Append(')');
    }

    static void AppendDict(StringBuilder sb, PyDict dict, int depth)
    {
        sb.Append('{');
        bool first = true;
        foreach (var (k, v) in dict.Items)
        {
            if (!first) sb.Append(", ");
            first = false;
            AppendRepr(sb, k, depth + 1);
            sb.Append(": ");
            AppendRepr(sb, v, depth + 1);
        }
        sb.Append('}');
    }

    /// <summary>
    /// Python's repr of a str: single quotes unless the text has ' and no ", backslash escapes for \\, the quote,
    /// \t \n \r, \xhh for other control characters, and \xhh / \uhhhh / \Uhhhhhhhh for non-printable code points.
    /// </summary>
    public static void AppendStringRepr(StringBuilder sb, string s)
    {
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        sb.Append(quote);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            int cp = c;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                cp = char.ConvertToUtf32(c, s[i + 1]);
            if (c == quote || c == '\\') sb.Append('\\').Append(c);
            else if (c == '\t') sb.Append("\\t");
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (cp < 0x20 || cp == 0x7f) sb.Append("\\x").Append(cp.ToString("x2"));
            else if (cp < 0x7f) sb.Append(c);
            else if (IsPrintable(cp))
            {
                sb.Append(c);
                if (cp > 0xffff) sb.Append(s[++i]);
            }
            else
            {
                if (cp < 0x100) sb.Append("\\x").Append(cp.ToString("x2"));
                else if (cp < 0x10000) sb.Append("\\u").Append(cp.ToString("x4"));
                else sb.Append("\\U").Append(cp.ToString("x8"));
                if (cp > 0xffff) i++;
            }
        }
        sb.Append(quote);
    }

    public static string StringRepr(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        AppendStringRepr(sb, s);
        return sb.ToString();
    }

    /// <summary>Python's str.isprintable() for one code point: not a control, format, surrogate, private-use,
    /// unassigned or separator character, except the ASCII space.</summary>
    static bool IsPrintable(int cp)
    {
        if (cp == ' ') return true;
        if (cp is >= 0xD800 and <= 0xDFFF) return false;
        var cat = CharUnicodeInfo.GetUnicodeCategory(cp);
        return cat is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator);
    }

    /// <summary>
    /// Python's repr(float): the shortest digits that round-trip, in fixed notation when the decimal exponent
    /// is in [-4, 16), otherwise d.ddde±XX; always with a ".0" when integral. .NET's "R" gives the same shortest
    /// digits but another layout, so only the layout is redone here.
    /// </summary>
    public static string Float(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        string r = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        int e = r.IndexOfAny(['E', 'e']);
        string mantissa = e < 0 ? r : r[..e];
        int exp = e < 0 ? 0 : int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        string digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        int point = (dot < 0 ? mantissa.Length : dot) + exp; // value = 0.digits * 10^point
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') lead++;
        digits = digits[lead..];
        point -= lead;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        var sb = new StringBuilder();
        if (d < 0) sb.Append('-');
        if (point > -4 && point <= 16)
        {
            if (point <= 0) sb.Append("0.").Append('0', -point).Append(digits);
            else if (point >= digits.Length) sb.Append(digits).Append('0', point - digits.Length).Append(".0");
            else sb.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            int x = point - 1;
            sb.Append('e').Append(x < 0 ? '-' : '+').Append(Math.Abs(x).ToString("00", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
