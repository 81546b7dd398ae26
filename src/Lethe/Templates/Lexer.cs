using System.Globalization;
using System.Text;

namespace Lethe.Templates;

/// <summary>
/// Splits template text into tokens the way Jinja2 3.1's lexer does with the settings transformers uses:
/// default delimiters, <c>trim_blocks</c>, <c>lstrip_blocks</c>, <c>keep_trailing_newline=False</c>, no line
/// statements. Whitespace control (<c>-</c> / <c>+</c> after an opening or before a closing delimiter) and
/// <c>{% raw %}</c> are handled here, so the parser only sees data, tags and expression tokens.
/// Hand-written because no .NET package implements Jinja's exact whitespace rules.
/// </summary>
internal sealed class Lexer
{
    static readonly string[] Operators =
    [
        "//", "**", "==", "!=", ">=", "<=",
        "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";",
    ];

    enum Tag { Variable, Block, Comment, Raw }

    readonly string _src;
    readonly List<Token> _tokens = [];
    int _pos;
    int _line = 1;
    // Whether the text the root state is about to read starts a line (Jinja's `line_starting`): true at the start
    // and after any match that ended with a newline. lstrip_blocks strips a tag's leading indentation only then,
    // or when the indentation follows a newline inside the data.
    bool _lineStarting = true;

    Lexer(string source) => _src = Normalize(source);

    public static List<Token> Tokenize(string source)
    {
        var lexer = new Lexer(source);
        lexer.Run();
        return lexer._tokens;
    }

    /// <summary>Jinja turns \r\n and \r into \n and drops one final newline (keep_trailing_newline=False).</summary>
    static string Normalize(string source)
    {
        string s = source.Replace("\r\n", "\n").Replace('\r', '\n');
        return s.EndsWith('\n') ? s[..^1] : s;
    }

    /// <summary>Python's str.isspace(), which Jinja's \s and str.strip() use; .NET lacks U+001C..U+001F.</summary>
    internal static bool IsPySpace(char c) => char.IsWhiteSpace(c) || (c >= '\x1c' && c <= '\x1f');

    TemplateSyntaxError Error(string message) => new(message, _line);

    void Run()
    {
        while (_pos < _src.Length)
        {
            int start = FindTagStart(_pos, out var tag, out char sign, out int afterBegin);
            if (start < 0)
            {
                Emit(TokenKind.Data, _src[_pos..]);
                _line += CountNewlines(_src, _pos, _src.Length);
                _pos = _src.Length;
                break;
            }
            EmitData(_src[_pos..start], sign, stripAllowed: tag != Tag.Variable);
            _pos = afterBegin;
            // The root match ends with the opening delimiter, except a raw opening tag, handled below.
            _lineStarting = false;
            switch (tag)
            {
                case Tag.Raw: // afterBegin is past the whole "{% raw %}"
                    _lineStarting = afterBegin > 0 && _src[afterBegin - 1] == '\n';
                    _line += CountNewlines(_src, start, afterBegin);
                    LexRawBody();
                    break;
                case Tag.Comment:
                    LexComment();
                    break;
                default:
                    bool block = tag == Tag.Block;
                    _tokens.Add(new Token(block ? TokenKind.BlockBegin : TokenKind.VariableBegin, block ? "{%" : "{{", _line));
                    LexTag(block);
                    break;
            }
        }
        _tokens.Add(new Token(TokenKind.Eof, "", _line));
    }

    /// <summary>
    /// Finds the next "{{", "{%", "{#" at or after <paramref name="from"/>, with its whitespace-control sign and
    /// the position after the opening delimiter (after the whole tag for "{% raw %}").
    /// </summary>
    int FindTagStart(int from, out Tag tag, out char sign, out int afterBegin)
    {
        for (int i = _src.IndexOf('{', from); i >= 0 && i + 1 < _src.Length; i = _src.IndexOf('{', i + 1))
        {
            char c = _src[i + 1];
            if (c is not ('{' or '%' or '#')) continue;
            int p = i + 2;
            sign = p < _src.Length && _src[p] is '-' or '+' ? _src[p] : '\0';
            if (sign != '\0') p++;
            if (c == '%' && TryMatchRawBegin(p, out int rawEnd))
            {
                tag = Tag.Raw;
                afterBegin = rawEnd;
                return i;
            }
            tag = c switch { '{' => Tag.Variable, '%' => Tag.Block, _ => Tag.Comment };
            afterBegin = p;
            return i;
        }
        tag = Tag.Variable;
        sign = '\0';
        afterBegin = -1;
        return -1;
    }

    /// <summary>Matches <c>\s*raw\s*(-%}\s*|%})</c>: note no trim_blocks newline after a raw opening tag.</summary>
    bool TryMatchRawBegin(int p, out int end)
    {
        end = -1;
        p = SkipSpace(p);
        if (!At(p, "raw")) return false;
        p = SkipSpace(p + 3);
        if (At(p, "-%}")) { end = SkipSpace(p + 3); return true; }
        if (At(p, "%}")) { end = p + 2; return true; }
        return false;
    }

    bool At(int p, string s) => p >= 0 && p + s.Length <= _src.Length && _src.AsSpan(p, s.Length).SequenceEqual(s);

    int SkipSpace(int p)
    {
        while (p < _src.Length && IsPySpace(_src[p])) p++;
        return p;
    }

    /// <summary>Emits the text before a tag after applying "-" (strip all whitespace) or lstrip_blocks.</summary>
    void EmitData(string text, char sign, bool stripAllowed)
    {
        int newlines = CountNewlines(text, 0, text.Length);
        if (sign == '-')
        {
            int end = text.Length;
            while (end > 0 && IsPySpace(text[end - 1])) end--;
            text = text[..end];
        }
        else if (sign != '+' && stripAllowed)
        {
            int lpos = text.LastIndexOf('\n') + 1;
            if ((lpos > 0 || _lineStarting) && lpos < text.Length && AllSpace(text, lpos))
                text = text[..lpos];
        }
        Emit(TokenKind.Data, text);
        _line += newlines;
    }

    static bool AllSpace(string s, int from)
    {
        for (int i = from; i < s.Length; i++)
            if (!IsPySpace(s[i])) return false;
        return true;
    }

    void Emit(TokenKind kind, string text)
    {
        if (text.Length > 0) _tokens.Add(new Token(kind, text, _line));
    }

    static int CountNewlines(string s, int from, int to)
    {
        int n = 0;
        for (int i = from; i < to; i++)
            if (s[i] == '\n') n++;
        return n;
    }

    /// <summary>Comment body up to "+#}", "-#}" (eats following whitespace) or "#}" (eats one newline).</summary>
    void LexComment()
    {
        int startLine = _line;
        for (int j = _pos; j < _src.Length; j++)
        {
            int end;
            if (At(j, "+#}")) end = j + 3;
            else if (At(j, "-#}")) end = SkipSpace(j + 3);
            else if (At(j, "#}")) end = j + 2 < _src.Length && _src[j + 2] == '\n' ? j + 3 : j + 2;
            else continue;
            _line += CountNewlines(_src, _pos, end);
            _lineStarting = _src[end - 1] == '\n';
            _pos = end;
            return;
        }
        throw new TemplateSyntaxError("Missing end of comment tag", startLine);
    }

    /// <summary>Raw body up to <c>{%[-+]? endraw [-+]?%}</c>; the body is plain data, whitespace-controlled
    /// like the text before any block tag.</summary>
    void LexRawBody()
    {
        int startLine = _line;
        for (int j = _src.IndexOf("{%", _pos, StringComparison.Ordinal); j >= 0;
             j = _src.IndexOf("{%", j + 1, StringComparison.Ordinal))
        {
            int p = j + 2;
            char sign = p < _src.Length && _src[p] is '-' or '+' ? _src[p] : '\0';
            if (sign != '\0') p++;
            p = SkipSpace(p);
            if (!At(p, "endraw")) continue;
            p = SkipSpace(p + 6);
            int end;
            if (At(p, "+%}")) end = p + 3;
            else if (At(p, "-%}")) end = SkipSpace(p + 3);
            else if (At(p, "%}")) end = p + 2 < _src.Length && _src[p + 2] == '\n' ? p + 3 : p + 2;
            else continue;
            EmitData(_src[_pos..j], sign, stripAllowed: true);
            _line += CountNewlines(_src, j, end);
            _lineStarting = _src[end - 1] == '\n';
            _pos = end;
            return;
        }
        throw new TemplateSyntaxError("Missing end of raw directive", startLine);
    }

    /// <summary>Tokens inside {{ ... }} or {% ... %} up to the closing delimiter. As in Jinja, a closing
    /// delimiter only counts while brackets are balanced, so "{{ {'a': 1}}}" works.</summary>
    void LexTag(bool block)
    {
        var balance = new Stack<char>();
        while (true)
        {
            // As in Jinja, the lexer just stops; the parser reports what the tag still needed.
            if (_pos >= _src.Length) return;
            if (balance.Count == 0 && TryTagEnd(block)) return;
            char c = _src[_pos];
            if (IsPySpace(c))
            {
                int e = SkipSpace(_pos);
                _line += CountNewlines(_src, _pos, e);
                _pos = e;
                continue;
            }
            if (TryNumber()) continue;
            if (char.IsLetter(c) || c == '_')
            {
                int e = _pos + 1;
                while (e < _src.Length && IsIdentifierPart(_src[e])) e++;
                _tokens.Add(new Token(TokenKind.Name, _src[_pos..e], _line));
                _pos = e;
                continue;
            }
            if (c is '\'' or '"')
            {
                LexString(c);
                continue;
            }
            string? op = null;
            foreach (var o in Operators)
                if (At(_pos, o)) { op = o; break; }
            if (op is null)
                throw Error($"unexpected char {PyRepr.Repr(c.ToString())} at {_pos}");
            switch (op)
            {
                case "{": balance.Push('}'); break;
                case "(": balance.Push(')'); break;
                case "[": balance.Push(']'); break;
                case "}" or ")" or "]":
                    if (balance.Count == 0) throw Error($"unexpected '{op}'");
                    char expected = balance.Pop();
                    if (expected != op[0]) throw Error($"unexpected '{op}', expected '{expected}'");
                    break;
            }
            _tokens.Add(new Token(TokenKind.Operator, op, _line));
            _pos += op.Length;
        }
    }

    static bool IsIdentifierPart(char c)
    {
        if (char.IsLetterOrDigit(c) || c == '_') return true;
        var cat = char.GetUnicodeCategory(c);
        return cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.ConnectorPunctuation;
    }

    bool TryTagEnd(bool block)
    {
        int end;
        if (block)
        {
            if (At(_pos, "+%}")) end = _pos + 3;
            else if (At(_pos, "-%}")) end = SkipSpace(_pos + 3);
            // trim_blocks: the newline right after a block tag is not output.
            else if (At(_pos, "%}")) end = _pos + 2 < _src.Length && _src[_pos + 2] == '\n' ? _pos + 3 : _pos + 2;
            else return false;
        }
        else
        {
            if (At(_pos, "-}}")) end = SkipSpace(_pos + 3);
            else if (At(_pos, "}}")) end = _pos + 2;
            else return false;
        }
        _tokens.Add(new Token(block ? TokenKind.BlockEnd : TokenKind.VariableEnd, block ? "%}" : "}}", _line));
        _line += CountNewlines(_src, _pos, end);
        _lineStarting = _src[end - 1] == '\n';
        _pos = end;
        return true;
    }

    /// <summary>End of a run of digits optionally separated by single underscores (<c>(\d+_)*\d+</c>), or -1.</summary>
    int MatchDigits(int p, Func<char, bool> isDigit)
    {
        if (p >= _src.Length || !isDigit(_src[p])) return -1;
        int e = p;
        while (true)
        {
            while (e < _src.Length && isDigit(_src[e])) e++;
            if (e + 1 < _src.Length && _src[e] == '_' && isDigit(_src[e + 1])) { e++; continue; }
            return e;
        }
    }

    static bool IsDec(char c) => c is >= '0' and <= '9';

    bool TryNumber()
    {
        if (!IsDec(_src[_pos])) return false;
        // Float first, as Jinja does; a float cannot start right after a '.' (so "x.0.1" stays attribute access).
        if (_pos == 0 || _src[_pos - 1] != '.')
        {
            int intEnd = MatchDigits(_pos, IsDec);
            int fracEnd = intEnd < _src.Length && _src[intEnd] == '.' ? MatchDigits(intEnd + 1, IsDec) : -1;
            int expFrom = fracEnd >= 0 ? fracEnd : intEnd;
            int end = -1;
            if (expFrom < _src.Length && _src[expFrom] is 'e' or 'E')
            {
                int p = expFrom + 1;
                if (p < _src.Length && _src[p] is '+' or '-') p++;
                end = MatchDigits(p, IsDec);
            }
            if (end < 0) end = fracEnd;
            if (end >= 0)
            {
                string text = _src[_pos..end].Replace("_", "");
                double d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                _tokens.Add(new Token(TokenKind.Float, _src[_pos..end], _line, d));
                _pos = end;
                return true;
            }
        }
        // Integers: 0b.., 0o.., 0x.., [1-9](_?\d)*, 0(_?0)*
        int radix = 10, digitsFrom = _pos, stop;
        if (_src[_pos] == '0' && _pos + 1 < _src.Length && _src[_pos + 1] is 'b' or 'B' or 'o' or 'O' or 'x' or 'X')
        {
            char r = char.ToLowerInvariant(_src[_pos + 1]);
            radix = r == 'b' ? 2 : r == 'o' ? 8 : 16;
            Func<char, bool> ok = radix == 2 ? ch => ch is '0' or '1'
                : radix == 8 ? ch => ch is >= '0' and <= '7'
                : Uri.IsHexDigit;
            // (_?digit)+ : an underscore may also follow the prefix directly.
            int p = _pos + 2;
            if (p < _src.Length && _src[p] == '_') p++;
            stop = MatchDigits(p, ok);
            if (stop < 0) { radix = 10; stop = MatchZeros(); }
            else digitsFrom = _pos + 2;
        }
        else if (_src[_pos] == '0') stop = MatchZeros();
        else stop = MatchDigits(_pos, IsDec);
        string digits = _src[digitsFrom..stop].Replace("_", "");
        if (radix == 10 && digitsFrom == _pos && _src[_pos] == '0') digits = "0";
        long value = 0;
        foreach (char ch in digits)
        {
            int dv = Convert.ToInt32(ch.ToString(), 16);
            try { value = checked(value * radix + dv); }
            catch (OverflowException) { throw Error($"integer literal {_src[_pos..stop]} does not fit in 64 bits"); }
        }
        _tokens.Add(new Token(TokenKind.Integer, _src[_pos..stop], _line, value));
        _pos = stop;
        return true;
    }

    int MatchZeros() => MatchDigits(_pos, ch => ch == '0');

    void LexString(char quote)
    {
        int p = _pos + 1;
        while (p < _src.Length && _src[p] != quote)
            p += _src[p] == '\\' ? 2 : 1;
        if (p >= _src.Length) throw Error($"unexpected char {PyRepr.Repr(quote.ToString())} at {_pos}");
        string raw = _src[(_pos + 1)..p];
        _tokens.Add(new Token(TokenKind.String, _src[_pos..(p + 1)], _line, DecodeEscapes(raw)));
        _line += CountNewlines(_src, _pos, p);
        _pos = p + 1;
    }

    /// <summary>
    /// Jinja decodes a literal with <c>.encode("ascii", "backslashreplace").decode("unicode-escape")</c>:
    /// Python escapes are interpreted, non-ASCII text survives, unknown escapes keep their backslash.
    /// </summary>
    string DecodeEscapes(string raw)
    {
        // Step 1, as backslashreplace: non-ASCII code points become \xhh, \uhhhh or \Uhhhhhhhh.
        var ascii = new StringBuilder(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            int cp = raw[i];
            if (char.IsHighSurrogate(raw[i]) && i + 1 < raw.Length && char.IsLowSurrogate(raw[i + 1]))
                cp = char.ConvertToUtf32(raw[i], raw[++i]);
            if (cp < 0x80) ascii.Append((char)cp);
            else if (cp < 0x100) ascii.Append("\\x").Append(cp.ToString("x2"));
            else if (cp < 0x10000) ascii.Append("\\u").Append(cp.ToString("x4"));
            else ascii.Append("\\U").Append(cp.ToString("x8"));
        }
        string s = ascii.ToString();
        if (!s.Contains('\\')) return s;
        // Step 2, as unicode-escape.
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c != '\\' || i + 1 >= s.Length)
            {
                sb.Append(c);
                continue;
            }
            char e = s[++i];
            switch (e)
            {
                case '\n': break;
                case '\\' or '\'' or '"': sb.Append(e); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case >= '0' and <= '7':
                {
                    int v = e - '0', n = 1;
                    while (n < 3 && i + 1 < s.Length && s[i + 1] is >= '0' and <= '7') { v = v * 8 + (s[++i] - '0'); n++; }
                    sb.Append((char)v);
                    break;
                }
                case 'x' or 'u' or 'U':
                {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (!HasHex(s, i + 1, len)) throw Error(TruncatedMessage(e));
                    int v = int.Parse(s.AsSpan(i + 1, len), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    if (len == 8 && (uint)v > 0x10FFFF) throw Error("illegal Unicode character");
                    if (v < 0x10000) sb.Append((char)v);
                    else sb.Append(char.ConvertFromUtf32(v));
                    i += len;
                    break;
                }
                case 'N':
                    throw Error("named Unicode escapes (\\N{...}) in string literals are not supported");
                default:
                    sb.Append('\\').Append(e);
                    break;
            }
        }
        return sb.ToString();
    }

    static string TruncatedMessage(char e) => e switch
    {
        'x' => "truncated \\xXX escape",
        'u' => "truncated \\uXXXX escape",
        _ => "truncated \\UXXXXXXXX escape",
    };

    static bool HasHex(string s, int from, int len)
    {
        if (from + len > s.Length) return false;
        for (int k = from; k < from + len; k++)
            if (!Uri.IsHexDigit(s[k])) return false;
        return true;
    }
}
