using System.Globalization;

namespace Lethe.Data;

/// <summary>
/// A TOFU-style benchmark addressed by split or by explicit files. The forget set is loaded (and so checked) at
/// once; every other part loads on first use, so a command pays only for what it reads, and a part that is
/// absent fails then with a message naming the path(s) that were looked for.
/// </summary>
public sealed class TofuDataset
{
    /// <summary>Extensions tried, in order, for each part in a folder. The content decides the format.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".json", ".jsonl", ".parquet"];

    readonly Lazy<IReadOnlyList<QaItem>> _retain, _retainPerturbed, _worldFacts, _realAuthors, _full;
    readonly Lazy<IReadOnlyList<string>> _refusals;
    // For a folder: the file names looked for, per part, for messages about absent parts.
    readonly Dictionary<string, string> _expected;

    TofuDataset(TofuFiles files, string? folder, int? split, bool forgetQuestionOnly, Dictionary<string, string> expected)
    {
        Files = files;
        Folder = folder;
        Split = split;
        _expected = expected;
        Forget = DatasetReader.Read(files.Forget, forgetQuestionOnly);
        _retain = Part("retain set", files.Retain);
        _retainPerturbed = Part("retain_perturbed set", files.RetainPerturbed);
        _worldFacts = Part("world_facts set", files.WorldFacts);
        _realAuthors = Part("real_authors set", files.RealAuthors);
        _full = Part("full set", files.Full);
        _refusals = new Lazy<IReadOnlyList<string>>(() => DatasetReader.ReadLines(files.Refusals ?? throw Absent("refusal phrasings")));
    }

    /// <summary>The files in use; null where a part is absent.</summary>
    public TofuFiles Files { get; }

    /// <summary>The folder addressed by <see cref="FromFolder"/>, else null.</summary>
    public string? Folder { get; }

    /// <summary>The forget percentage (10 for forget10/retain90), else null.</summary>
    public int? Split { get; }

    /// <summary>The forget set (from <c>forgetNN_perturbed</c> when a folder has it).</summary>
    public IReadOnlyList<QaItem> Forget { get; }

    public IReadOnlyList<QaItem> Retain => _retain.Value;
    public IReadOnlyList<QaItem> RetainPerturbed => _retainPerturbed.Value;
    public IReadOnlyList<QaItem> WorldFacts => _worldFacts.Value;
    public IReadOnlyList<QaItem> RealAuthors => _realAuthors.Value;
    public IReadOnlyList<QaItem> Full => _full.Value;
    public IReadOnlyList<string> Refusals => _refusals.Value;

    /// <summary>File stems of a split: 10 → ("forget10", "retain90"); 1 → ("forget01", "retain99").</summary>
    public static (string Forget, string Retain) SplitStems(int split)
    {
        if (split is < 1 or > 99)
            throw new LetheException($"--split must be a forget percentage from 1 to 99, got {split}");
        return ("forget" + split.ToString("00", CultureInfo.InvariantCulture),
            "retain" + (100 - split).ToString("00", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Resolves a TOFU folder for forget split <paramref name="split"/>: the forget set from
    /// <c>forgetNN_perturbed</c>, else <c>forgetNN</c>; then <c>retain(100-N)</c>, <c>retain_perturbed</c>,
    /// <c>world_facts</c>, <c>real_authors</c>, <c>full</c> and <c>idontknow</c>, each as .json, .jsonl or .parquet.
    /// Throws if the folder or its forget set is missing, or a part exists under two extensions.
    /// </summary>
    /// <param name="forgetQuestionOnly">Accept a forget set without answers.</param>
    public static TofuDataset FromFolder(string folder, int split, bool forgetQuestionOnly = false)
    {
        var (forgetStem, retainStem) = SplitStems(split);
        if (!Directory.Exists(folder)) throw new LetheException($"{folder}: TOFU data folder not found");

        var expected = new Dictionary<string, string>();
        string? Find(string part, string stem)
        {
            expected[part] = Candidates(folder, stem);
            var present = Extensions.Select(e => Path.Combine(folder, stem + e)).Where(File.Exists).ToList();
            if (present.Count > 1)
                throw new LetheException($"{folder}: both {string.Join(" and ", present.Select(Path.GetFileName))} exist for {part}; keep one or pass the file explicitly");
            return present.FirstOrDefault();
        }

        var forget = Find("forget set", forgetStem + "_perturbed") ?? Find("forget set", forgetStem)
            ?? throw new LetheException($"{folder}: no forget set for split {split}: looked for "
                + Candidates(folder, forgetStem + "_perturbed") + " and " + Candidates(folder, forgetStem));
        var files = new TofuFiles(forget)
        {
            Retain = Find("retain set", retainStem),
            RetainPerturbed = Find("retain_perturbed set", "retain_perturbed"),
            WorldFacts = Find("world_facts set", "world_facts"),
            RealAuthors = Find("real_authors set", "real_authors"),
            Full = Find("full set", "full"),
            Refusals = Find("refusal phrasings", "idontknow"),
        };
        return new TofuDataset(files, folder, split, forgetQuestionOnly, expected);
    }

    /// <summary>Uses explicit files; each given path must exist. Parts left null are absent.</summary>
    public static TofuDataset FromFiles(TofuFiles files, bool forgetQuestionOnly = false)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var path in new[] { files.Forget, files.Retain, files.RetainPerturbed, files.WorldFacts, files.RealAuthors, files.Full, files.Refusals })
            if (path is not null && !File.Exists(path)) throw new LetheException($"{path}: file not found");
        return new TofuDataset(files, null, null, forgetQuestionOnly, new Dictionary<string, string>());
    }

    Lazy<IReadOnlyList<QaItem>> Part(string part, string? path)
        => new(() => DatasetReader.Read(path ?? throw Absent(part)));

    LetheException Absent(string part) => _expected.TryGetValue(part, out var looked)
        ? new LetheException($"{Folder}: no {part}{(part == "retain set" ? $" for split {Split}" : "")}: looked for {looked}")
        : new LetheException($"no {part} file was given");

    static string Candidates(string folder, string stem)
        => Path.Combine(folder, stem) + "{" + string.Join(",", Extensions) + "}";
}
