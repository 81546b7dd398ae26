using System.Globalization;
using System.Text;

namespace Lethe.Templates;

/// <summary>
/// Python's <c>json.dumps(x, ensure_ascii, indent, separators, sort_keys)</c>, which transformers installs as
/// the <c>tojson</c> filter: ", " and ": " separators on one line, or one item per line with <c>indent</c>;
/// dict order kept; floats as Python's repr; non-ASCII kept unless ensure_ascii. System.Text.Json cannot be
/// used: its spacing, escaping and number formats all differ.
/// </summary>
internal static class PyJson
{
    public static string Dumps(object? value, bool ensureAscii, string? indent, string itemSeparator, string keySeparator, bool sortKeys)
    {
        var sb = new StringBuilder();
        new Writer(sb, ensureAscii, indent, itemSeparator, keySeparator, sortKeys).Write(value, 0);
        return sb.ToString();
    }

    sealed class Writer(StringBuilder sb, bool ensureAscii, string? indent, string itemSeparator, string keySeparator, bool sortKeys)
    {
        public void Write(object? value, int level)
        {
            if (level > 500) throw PyException.Value("Circular reference detected");
            switch (value)
            {
                case null: sb.Append("null"); break;
                case bool b: sb.Append(b ? "true" : "false"); break;
                case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
                case double d: sb.Append(FloatText(d)); break;
                case string or Markup: WriteString(PyOps.AsString(value)!); break;
                case PyList l when l.Kind is SeqKind.List or SeqKind.Tuple:
                    WriteContainer('[', ']', l.Count, level, (i, lv) => Write(l[i], lv));
                    break;
                case PyDict d:
                    var items = d.Items.Select(kv => (Key: KeyText(kv.Key), kv.Value)).ToList();
                    if (sortKeys)
                    {
                        if (d.Keys.Any(k => k is not string) && d.Keys.Any(k => k is string))
                            throw PyException.Type("'<' not supported between instances of 'int' and 'str'");
                        items = d.Items.OrderBy(kv => kv.Key, Comparer<object?>.Create((x, y) => PyOps.Order(x, y)))
                            .Select(kv => (Key: KeyText(kv.Key), kv.Value)).ToList();
                    }
                    WriteContainer('{', '}', items.Count, level, (i, lv) =>
                    {
                        WriteString(items[i].Key);
                        sb.Append(keySeparator);
                        Write(items[i].Value, lv);
                    });
                    break;
                default:
                    throw PyException.Type($"Object of type {PyOps.TypeName(value)} is not JSON serializable");
            }
        }

        void WriteContainer(char open, char close, int count, int level, Action<int, int> item)
        {
            if (count == 0)
            {
                sb.Append(open).Append(close);
                return;
            }
            sb.Append(open);
            for (int i = 0; i < count; i++)
            {
                if (i > 0) sb.Append(itemSeparator);
                if (indent is not null) NewLine(level + 1);
                item(i, level + 1);
            }
            if (indent is not null) NewLine(level);
            sb.Append(close);
        }

        void NewLine(int level)
        {
            sb.Append('\n');
            for (int i = 0; i < level; i++) sb.Append(indent);
        }

        static string KeyText(object? key) => key switch
        {
            string s => s,
            Markup m => m.Text,
            null => "null",
            bool b => b ? "true" : "false",
            long l => l.ToString(CultureInfo.InvariantCulture),
            double d => FloatText(d),
            _ => throw PyException.Type($"keys must be str, int, float, bool or None, not {PyOps.TypeName(key)}"),
        };

        static string FloatText(double d) =>
            double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PyRepr.Float(d);

        void WriteString(string s)
        {
            sb.Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    default:
                        // Surrogate pairs come out as two \\u escapes under ensure_ascii, as in Python.
                        if (c < 0x20 || (ensureAscii && c > 0x7e)) sb.Append("\\u").Append(((int)c).ToString("x4"));
                        else sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }
    }
}
