using ScottPlot;

namespace Lethe.IO;

/// <summary>
/// PNG line plots of per-step metrics. ScottPlot's Linux native build ignores fontconfig, so without a registered
/// TrueType font every label silently vanishes: we register DejaVu Sans (or another system font) first, and say so
/// clearly when none is found instead of writing plots without text.
/// </summary>
public static class TrainingPlots
{
    static readonly string[] FontCandidates =
    {
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
    };
    const string FontName = "Lethe Sans";
    static bool? _fontReady;

    /// <summary>Registers a system TrueType font once; returns false (and plots are skipped) when none exists.</summary>
    public static bool EnsureFont(TextWriter? warnings = null)
    {
        if (_fontReady is bool ready) return ready;
        var path = FontCandidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            (warnings ?? Console.Error).WriteLine("lethe: no TrueType font found (looked for DejaVu Sans, Liberation Sans, FreeSans); " +
                                                 "plots were not written. Install one, e.g. `apt-get install fonts-dejavu-core`.");
            return (_fontReady = false).Value;
        }
        Fonts.AddFontFile(FontName, path, false, false);
        Fonts.Default = FontName;
        Fonts.Sans = FontName;
        return (_fontReady = true).Value;
    }

    /// <summary>One line plot of a metric per step (NaN steps skipped); written atomically. False if skipped.</summary>
    public static bool Line(string path, string title, string yLabel, IReadOnlyList<double> steps, IReadOnlyList<double> values, TextWriter? warnings = null)
    {
        if (!EnsureFont(warnings)) return false;
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < Math.Min(steps.Count, values.Count); i++)
            if (double.IsFinite(values[i])) { xs.Add(steps[i]); ys.Add(values[i]); }
        var plot = new Plot();
        if (xs.Count > 0)
        {
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            line.MarkerSize = xs.Count > 60 ? 0 : 4;
        }
        plot.Title(title);
        plot.XLabel("optimizer step");
        plot.YLabel(yLabel);
        byte[] png = plot.GetImageBytes(800, 480, ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, png);
        return true;
    }
}
