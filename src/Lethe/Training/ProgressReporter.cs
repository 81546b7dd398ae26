using System.Diagnostics;
using System.Globalization;

namespace Lethe.Training;

/// <summary>
/// A progress bar with loss and ETA. On a terminal it redraws one line; when output is redirected (CI, logs) it
/// prints a plain line every tenth of the run instead, so logs stay readable.
/// </summary>
public sealed class ProgressReporter
{
    readonly string _label;
    readonly int _total;
    readonly TextWriter _out;
    readonly bool _interactive;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly int _startStep;
    int _lastPrinted = -1;

    public ProgressReporter(string label, int totalSteps, int startStep = 0, TextWriter? output = null)
    {
        _label = label;
        _total = Math.Max(1, totalSteps);
        _startStep = startStep;
        _out = output ?? Console.Error;
        _interactive = output is null && !Console.IsErrorRedirected;
    }

    public static bool Quiet { get; set; }

    public void Report(int step, IReadOnlyDictionary<string, double> metrics)
    {
        if (Quiet) return;
        double done = step - _startStep, elapsed = _clock.Elapsed.TotalSeconds;
        double eta = done > 0 ? elapsed / done * (_total - step) : double.NaN;
        string loss = metrics.TryGetValue("loss", out double l) ? l.ToString("F4", CultureInfo.InvariantCulture) : "-";
        string line = $"{_label} {step}/{_total} loss {loss} elapsed {Fmt(elapsed)} eta {Fmt(eta)}";
        if (_interactive)
        {
            int width = 24, filled = (int)Math.Round(width * (double)step / _total);
            _out.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {line}   ");
            if (step >= _total) _out.WriteLine();
        }
        else
        {
            int decile = step * 10 / _total;
            if (decile != _lastPrinted || step >= _total) { _out.WriteLine(line); _lastPrinted = decile; }
        }
    }

    static string Fmt(double s) => double.IsFinite(s) ? TimeSpan.FromSeconds(Math.Round(s)).ToString(@"m\:ss", CultureInfo.InvariantCulture) : "?";
}
