using System.Globalization;
using System.Text;
using Lethe.IO;

namespace Lethe.Training;

/// <summary>
/// Per-step metrics, kept in memory and written as metrics.csv (atomically, after each step): columns are fixed by
/// the first row, numbers in invariant culture with round-trip precision so a resumed run writes identical bytes.
/// </summary>
public sealed class MetricsLog
{
    readonly string? _path;
    readonly List<string> _columns = new();
    readonly List<Dictionary<string, double>> _rows = new();

    public MetricsLog(string? path) => _path = path;

    public IReadOnlyList<Dictionary<string, double>> Rows => _rows;

    public void Add(int step, IReadOnlyDictionary<string, double> values)
    {
        var row = new Dictionary<string, double>(values) { ["step"] = step };
        if (_columns.Count == 0) _columns.AddRange(new[] { "step" }.Concat(row.Keys.Where(k => k != "step").Order(StringComparer.Ordinal)));
        foreach (var k in row.Keys.Where(k => !_columns.Contains(k)).Order(StringComparer.Ordinal)) _columns.Add(k);
        _rows.Add(row);
        if (_path is not null) AtomicFile.WriteAllText(_path, ToCsv());
    }

    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', _columns)).Append('\n');
        foreach (var r in _rows)
            sb.Append(string.Join(',', _columns.Select(c => r.TryGetValue(c, out double v) ? Format(c, v) : ""))).Append('\n');
        return sb.ToString();
    }

    static string Format(string column, double v) => column == "step" ? ((long)v).ToString(CultureInfo.InvariantCulture) : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Writes the rows so far to <paramref name="path"/> (a checkpoint's copy), atomically.</summary>
    public void WriteTo(string path) => AtomicFile.WriteAllText(path, ToCsv());

    /// <summary>
    /// The log a checkpoint saved (<paramref name="csvPath"/>, as <see cref="ToCsv"/> wrote it), continuing into
    /// <paramref name="path"/>: columns in their original order and every value exactly, so the resumed run's
    /// metrics.csv is byte-identical to an uninterrupted one.
    /// </summary>
    public static MetricsLog FromCsv(string csvPath, string? path)
    {
        string[] lines;
        try { lines = File.ReadAllText(csvPath).Split('\n'); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LetheException($"{csvPath}: cannot read ({e.Message.Split('\n')[0].Trim()})", 2, e);
        }
        if (lines.Length < 2 || lines[^1] != "" || lines[0] == "") throw new LetheException($"{csvPath}: not a metrics log (no header line)");
        var log = new MetricsLog(path);
        log._columns.AddRange(lines[0].Split(','));
        if (log._columns[0] != "step" || log._columns.Distinct().Count() != log._columns.Count)
            throw new LetheException($"{csvPath}: line 1: expected distinct column names starting with 'step'");
        for (int l = 1; l < lines.Length - 1; l++)
        {
            var cells = lines[l].Split(',');
            if (cells.Length != log._columns.Count)
                throw new LetheException($"{csvPath}: line {l + 1}: {cells.Length} values for {log._columns.Count} columns");
            var row = new Dictionary<string, double>();
            for (int c = 0; c < cells.Length; c++)
            {
                if (cells[c].Length == 0) continue;
                if (!double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                    throw new LetheException($"{csvPath}: line {l + 1}: column '{log._columns[c]}' value '{cells[c]}' is not a number");
                row[log._columns[c]] = v;
            }
            if (!row.ContainsKey("step")) throw new LetheException($"{csvPath}: line {l + 1}: no step number");
            log._rows.Add(row);
        }
        return log;
    }

    public double[] Series(string column) => _rows.Select(r => r.TryGetValue(column, out double v) ? v : double.NaN).ToArray();
}
