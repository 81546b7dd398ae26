using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Lethe.Evaluation;

/// <summary>
/// The key numbers of an <see cref="EvalResult"/> as a console table (plain text when the output is not a
/// terminal): per-set ROUGE-L recall, unlearn quality, utility, NLLs, attacks, the collapse profile with one example
/// per class, and the notes.
/// </summary>
public static class SummaryTable
{
    const int ExampleChars = 70;

    public static Table Build(EvalResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var table = new Table().Title("Lethe evaluation").AddColumn("Metric").AddColumn(new TableColumn("Value").RightAligned());
        void Row(string name, string value) => table.AddRow(new Text(name), new Text(value));

        foreach (var (name, set) in new[]
                 {
                     (EvalSets.ForgetName, r.Sets.Forget), (EvalSets.ForgetParaphrasedName, r.Sets.ForgetParaphrased),
                     (EvalSets.RetainShortName, r.Sets.RetainShort), (EvalSets.WorldFactsName, r.Sets.WorldFacts),
                     (EvalSets.RealAuthorsName, r.Sets.RealAuthors),
                 })
            Row($"ROUGE-L recall {name}" + (set is null ? "" : $" (n={set.Count})"), set is null ? "skipped" : Num(set.RougeLRecall, "F3"));
        Row("unlearn quality", Num(r.UnlearnQuality, "F1"));
        Row("utility", Num(r.Utility, "F1"));
        Row("NLL forget / retain", $"{Num(r.NllForget, "F3")} / {Num(r.NllRetain, "F3")}");
        if (r.Attacks.Prefill is { } p) Row("prefill attack: ROUGE-L recall forget", Num(p.RougeLRecall, "F3"));
        if (r.Attacks.Sampling is { } s)
        {
            Row($"leakage@{s.Samples} (T={Num(s.Temperature, "G4")}, top-p={Num(s.TopP, "G4")})", Num(s.LeakageAtN, "F3"));
            Row("sampling: mean recall", Num(s.MeanRecall, "F3"));
        }
        if (r.CollapseProfile is { } c)
        {
            foreach (var k in Enum.GetValues<CollapseClass>())
                Row($"collapse: {Name(k)}", $"{c[k].Fraction.ToString("P0", CultureInfo.InvariantCulture)} ({c[k].Count})");
            Row($"mean fluency NLL ({c.FluencyModel} model)", Num(c.MeanFluencyNll, "F3"));
        }
        if (r.Timing.TryGetValue("total", out double total)) Row("time", total.ToString("F1", CultureInfo.InvariantCulture) + " s");
        return table;
    }

    /// <summary>The first example of every collapse class present, shortened; null without a profile.</summary>
    public static Table? Examples(EvalResult r)
    {
        if (r.CollapseProfile is not { } c || c.Count == 0) return null;
        var table = new Table().Title("Collapse examples").AddColumn("Class").AddColumn("Forget answer");
        foreach (var k in Enum.GetValues<CollapseClass>())
            if (c[k].Examples.Count > 0)
                table.AddRow(new Text(Name(k)), new Text(Shorten(c[k].Examples[0].Generation)));
        return table;
    }

    /// <summary>Writes the tables and the notes to <paramref name="writer"/>.</summary>
    public static void Write(EvalResult r, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
        });
        var parts = new List<IRenderable> { Build(r) };
        if (Examples(r) is { } examples) parts.Add(examples);
        foreach (var part in parts) console.Write(part);
        foreach (var note in r.Notes) console.Write(new Text("note: " + note + "\n"));
    }

    static string Name(CollapseClass c) => c switch
    {
        CollapseClass.Original => "original answer",
        CollapseClass.Refusal => "refusal",
        CollapseClass.OtherFact => "other fact",
        CollapseClass.Fluent => "fluent",
        _ => "salad",
    };

    static string Num(double? v, string format) => v is double d ? d.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    static string Shorten(string s)
    {
        s = s.ReplaceLineEndings(" ");
        return s.Length <= ExampleChars ? (s.Length == 0 ? "(empty)" : s) : s[..(ExampleChars - 1)] + "…";
    }
}
