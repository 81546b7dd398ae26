namespace Lethe.Data.Synth;

/// <summary>Everything <see cref="SynthBenchmark.Generate"/> makes, in memory, in the order the files hold it.</summary>
public sealed class SynthBenchmarkData
{
    /// <summary>The forget splits, as in TOFU: forget01, forget05, forget10.</summary>
    public static IReadOnlyList<int> ForgetPercents { get; } = [1, 5, 10];

    public required SynthOptions Options { get; init; }
    public required IReadOnlyList<SynthAuthor> Authors { get; init; }

    /// <summary>All authors' items (full.json).</summary>
    public required SynthSplit Full { get; init; }

    /// <summary>forget01, forget05, forget10, retain99, retain95, retain90 and retain_perturbed, in that order.</summary>
    public required IReadOnlyList<SynthSplit> Splits { get; init; }

    /// <summary>Real world facts with option1..option4 (world_facts.json).</summary>
    public required IReadOnlyList<QaItem> WorldFacts { get; init; }

    /// <summary>Questions about real famous authors with option1..option4 (real_authors.json).</summary>
    public required IReadOnlyList<QaItem> RealAuthors { get; init; }

    /// <summary>Refusal phrasings, one per line of idontknow.jsonl.</summary>
    public required IReadOnlyList<string> Refusals { get; init; }

    /// <summary>pretrain.txt: documents separated by a blank line, ending in one newline.</summary>
    public required string PretrainText { get; init; }

    /// <summary>The invented people pretrain.txt refuses to answer about; none shares a name part with an author.</summary>
    public required IReadOnlyList<string> PretrainUnknownNames { get; init; }

    /// <summary>A split by its file stem ("forget05", "retain95", "retain_perturbed", "full").</summary>
    public SynthSplit Split(string name)
        => name == Full.Name ? Full
            : Splits.FirstOrDefault(s => s.Name == name)
              ?? throw new LetheException($"synth: no split named '{name}' (have full, {string.Join(", ", Splits.Select(s => s.Name))})");

    /// <summary>forget01 / forget05 / forget10: the last ceil(percent % of) authors.</summary>
    public SynthSplit Forget(int percent) => Split(ForgetName(percent));

    /// <summary>The complement of <see cref="Forget"/>(percent): retain99 for 1, retain95 for 5, retain90 for 10.</summary>
    public SynthSplit RetainFor(int forgetPercent) => Split(RetainName(forgetPercent));

    public static string ForgetName(int percent) => "forget" + percent.ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    public static string RetainName(int forgetPercent)
        => "retain" + (100 - forgetPercent).ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>ceil(authors · percent / 100): even a small benchmark forgets at least one author.</summary>
    public static int ForgetAuthorCount(int authors, int percent) => (authors * percent + 99) / 100;
}
