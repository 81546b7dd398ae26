namespace Lethe.Data.Synth;

/// <summary>
/// One split of the benchmark (full, forget01, retain99, retain_perturbed, ...): its authors in file order and their
/// items. Items always carry the paraphrases and perturbed answers; the plain files leave them out when written.
/// </summary>
public sealed record SynthSplit(string Name, IReadOnlyList<string> AuthorNames, IReadOnlyList<QaItem> Items);
