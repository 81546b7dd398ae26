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

    public double[] Series(string column) => _rows.Select(r => r.TryGetValue(column, out double v) ? v : double.NaN).ToArray();
}
