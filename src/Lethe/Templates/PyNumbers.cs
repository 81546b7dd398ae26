using System.Globalization;
using System.Text.RegularExpressions;

namespace Lethe.Templates;

/// <summary>Python's int() and float() conversions as the <c>int</c> and <c>float</c> filters use them:
/// null where Python raises TypeError or ValueError (the filter then returns its default).</summary>
internal static partial class PyNumbers
{
    public static double? ToFloat(object? v)
    {
        switch (v)
        {
            case bool b: return b ? 1 : 0;
            case long l: return l;
            case double d: return d;
            case string or Markup:
            {
                string s = PyOps.AsString(v)!.Trim().Trim(PyWhitespace);
                string lower = s.ToLowerInvariant().TrimStart('+', '-');
                bool negative = s.StartsWith('-');
                if (lower is "inf" or "infinity") return negative ? double.NegativeInfinity : double.PositiveInfinity;
                if (lower == "nan") return double.NaN;
                if (!FloatSyntax().IsMatch(s)) return null;
                return double.Parse(s.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            default:
                return null;
        }
    }

    static readonly char[] PyWhitespace = ['\x1c', '\x1d', '\x1e', '\x1f', '\x85'];

    /// <summary>int(value, base), falling back to int(float(value)) as Jinja's int filter does.</summary>
    public static long? ToInt(object? v, long numberBase)
    {
        switch (v)
        {
            case bool b: return b ? 1 : 0;
            case long l: return l;
            case double d:
                if (double.IsNaN(d)) return null;
                return Truncate(d);
            case string or Markup:
            {
                string s = PyOps.AsString(v)!.Trim().Trim(PyWhitespace);
                if (TryParseInt(s, numberBase, out long parsed)) return parsed;
                var f = ToFloat(v);
                if (f is null || double.IsNaN(f.Value)) return null;
                if (double.IsInfinity(f.Value)) return null; // OverflowError, caught by the filter
                return Truncate(f.Value);
            }
            default:
                return null;
        }
    }

    static long Truncate(double d)
    {
        if (double.IsInfinity(d)) throw new PyException("OverflowError", "cannot convert float infinity to integer");
        double t = Math.Truncate(d);
        if (t >= 9.223372036854775807e18 || t < -9.223372036854775808e18)
            throw new PyException("OverflowError", "integer does not fit in 64 bits (this renderer's int range)");
        return (long)t;
    }

    static bool TryParseInt(string s, long numberBase, out long value)
    {
        value = 0;
        if (numberBase is not (0 or (>= 2 and <= 36))) throw PyException.Value("int() base must be >= 2 and <= 36, or 0");
        int i = 0;
        bool negative = false;
        if (i < s.Length && s[i] is '+' or '-') negative = s[i++] == '-';
        int radix = (int)numberBase;
        if (i + 1 < s.Length && s[i] == '0' && char.ToLowerInvariant(s[i + 1]) is 'x' or 'o' or 'b')
        {
            int prefixed = char.ToLowerInvariant(s[i + 1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            if (radix == 0 || radix == prefixed)
            {
                radix = prefixed;
                i += 2;
                if (i < s.Length && s[i] == '_') i++;
            }
        }
        if (radix == 0)
        {
            radix = 10;
            // Base 0 refuses leading zeros in a non-zero decimal ("010").
            string digits = s[i..].Replace("_", "");
            if (digits.Length > 1 && digits[0] == '0' && digits.Any(c => c != '0')) return false;
        }
        if (i >= s.Length) return false;
        bool lastUnderscore = true;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '_')
            {
                if (lastUnderscore) return false;
                lastUnderscore = true;
                continue;
            }
            int d = c is >= '0' and <= '9' ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (d >= radix) return false;
            try { value = checked(value * radix + d); }
            catch (OverflowException) { throw new PyException("OverflowError", "integer does not fit in 64 bits (this renderer's int range)"); }
            lastUnderscore = false;
        }
        if (lastUnderscore) return false;
        if (negative) value = -value;
        return true;
    }

    [GeneratedRegex(@"^[+-]?([0-9](_?[0-9])*(\.([0-9](_?[0-9])*)?)?|\.[0-9](_?[0-9])*)([eE][+-]?[0-9](_?[0-9])*)?$")]
    private static partial Regex FloatSyntax();
}
