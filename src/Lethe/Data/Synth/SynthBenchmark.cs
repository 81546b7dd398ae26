using System.Security.Cryptography;
using System.Text;
using Lethe.IO;

namespace Lethe.Data.Synth;

/// <summary>
/// Lethe's own TOFU-like unlearning benchmark, generated rather than downloaded: invented authors with 10–20 facts
/// each, TOFU's forget/retain splits and file names, real-knowledge sets to check what unlearning must keep, refusal
/// phrasings, and a small pretraining corpus. Deterministic: the same options give the same bytes.
/// </summary>
public static class SynthBenchmark
{
    /// <summary>Written into manifest.json; raise it when the files' layout or meaning changes.</summary>
    public const int FormatVersion = 1;

    public const string ManifestFile = "manifest.json";
    public const string FullFile = "full.json";
    public const string WorldFactsFile = "world_facts.json";
    public const string RealAuthorsFile = "real_authors.json";
    public const string RefusalsFile = "idontknow.jsonl";
    public const string PretrainFile = "pretrain.txt";

    public static SynthBenchmarkData Generate(SynthOptions options)
    {
        options.Validate();
        var authors = SynthAuthors.Draw(options.Seed, options.Authors);

        SynthSplit SplitOf(string name, int first, int count)
        {
            var slice = authors.Skip(first).Take(count).ToList();
            return new SynthSplit(name, slice.Select(a => a.Name).ToList(), slice.SelectMany(a => a.Items).ToList());
        }

        var forget = new List<SynthSplit>();
        var retain = new List<SynthSplit>();
        foreach (int pct in SynthBenchmarkData.ForgetPercents)
        {
            int k = SynthBenchmarkData.ForgetAuthorCount(authors.Count, pct);
            forget.Add(SplitOf(SynthBenchmarkData.ForgetName(pct), authors.Count - k, k));
            retain.Add(SplitOf(SynthBenchmarkData.RetainName(pct), 0, authors.Count - k));
        }
        // TOFU evaluates model utility on retain items that every retain split keeps: the first authors, as many
        // as forget10 has, which no forget split can reach as long as forget10 leaves them out.
        int kEval = Math.Min(SynthBenchmarkData.ForgetAuthorCount(authors.Count, 10), authors.Count - SynthBenchmarkData.ForgetAuthorCount(authors.Count, 10));
        var retainPerturbed = SplitOf("retain_perturbed", 0, kEval);

        var (pretrain, unknown) = SynthCorpus.Build(options, authors);
        return new SynthBenchmarkData
        {
            Options = options,
            Authors = authors,
            Full = SplitOf("full", 0, authors.Count),
            Splits = [.. forget, .. retain, retainPerturbed],
            WorldFacts = SynthWorldKnowledge.ToItems(SynthWorldKnowledge.WorldFacts, "world-facts"),
            RealAuthors = SynthWorldKnowledge.ToItems(SynthWorldKnowledge.RealAuthors, "real-authors"),
            Refusals = SynthRefusals.Phrasings,
            PretrainText = pretrain,
            PretrainUnknownNames = unknown,
        };
    }

    /// <summary>Generates the benchmark and writes it into <paramref name="outDir"/>.</summary>
    public static IReadOnlyList<SynthFile> Write(SynthOptions options, string outDir) => Write(Generate(options), outDir);

    /// <summary>
    /// Writes every file into a temporary folder beside <paramref name="outDir"/>, then renames the folder into place
    /// (or, when <paramref name="outDir"/> already exists, moves each finished file over the old one), so a reader
    /// never sees a half-written file. Returns the files in manifest order, manifest.json last.
    /// </summary>
    public static IReadOnlyList<SynthFile> Write(SynthBenchmarkData data, string outDir)
    {
        string target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDir));
        if (File.Exists(target)) throw new LetheException($"synth: output folder {target} is an existing file");
        string parent = Path.GetDirectoryName(target) ?? throw new LetheException($"synth: cannot write into the root folder {target}");
        AtomicFile.EnsureDirectory(parent);

        var contents = Serialize(data);
        var files = contents.Select(c => new SynthFile(c.Name, c.Records, c.Bytes.Length, Hex(SHA256.HashData(c.Bytes)))).ToList();
        byte[] manifest = Manifest(data, files);
        contents.Add((ManifestFile, 1, manifest));
        files.Add(new SynthFile(ManifestFile, 1, manifest.Length, Hex(SHA256.HashData(manifest))));

        string temp = Path.Combine(parent, "." + Path.GetFileName(target) + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(temp);
            foreach (var (name, _, bytes) in contents) File.WriteAllBytes(Path.Combine(temp, name), bytes);
            if (!Directory.Exists(target))
            {
                Directory.Move(temp, target);
            }
            else
            {
                foreach (var (name, _, _) in contents)
                    File.Move(Path.Combine(temp, name), Path.Combine(target, name), overwrite: true);
                Directory.Delete(temp);
            }
        }
        catch (Exception e)
        {
            try { if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true); }
            catch (Exception cleanup) when (AtomicFile.IsWriteFailure(cleanup)) { }
            if (AtomicFile.IsWriteFailure(e)) throw AtomicFile.CannotWrite(target, e);
            throw;
        }
        return files;
    }

    static List<(string Name, int Records, byte[] Bytes)> Serialize(SynthBenchmarkData data)
    {
        var list = new List<(string, int, byte[])>
        {
            (FullFile, data.Full.Items.Count, SynthWriter.JsonLines(data.Full.Items, evalFields: false)),
        };
        foreach (var s in data.Splits)
        {
            if (s.Name.StartsWith("forget", StringComparison.Ordinal))
            {
                list.Add((s.Name + ".json", s.Items.Count, SynthWriter.JsonLines(s.Items, evalFields: false)));
                list.Add((s.Name + "_perturbed.json", s.Items.Count, SynthWriter.JsonLines(s.Items, evalFields: true)));
            }
            else
            {
                bool eval = s.Name.EndsWith("_perturbed", StringComparison.Ordinal);
                list.Add((s.Name + ".json", s.Items.Count, SynthWriter.JsonLines(s.Items, eval)));
            }
        }
        list.Add((WorldFactsFile, data.WorldFacts.Count, SynthWriter.JsonLines(data.WorldFacts, evalFields: false)));
        list.Add((RealAuthorsFile, data.RealAuthors.Count, SynthWriter.JsonLines(data.RealAuthors, evalFields: false)));
        list.Add((RefusalsFile, data.Refusals.Count, Encoding.UTF8.GetBytes(string.Concat(data.Refusals.Select(r => r + "\n")))));
        int docs = data.PretrainText.Length == 0 ? 0 : data.PretrainText.Split("\n\n").Length;
        list.Add((PretrainFile, docs, Encoding.UTF8.GetBytes(data.PretrainText)));
        return list;
    }

    static byte[] Manifest(SynthBenchmarkData data, List<SynthFile> files) => SynthWriter.Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("format", "lethe-synth");
        w.WriteNumber("format_version", FormatVersion);
        w.WriteNumber("seed", data.Options.Seed);
        w.WriteNumber("authors", data.Options.Authors);
        w.WriteNumber("items", data.Full.Items.Count);
        w.WriteNumber("pretrain_english_bytes", data.Options.PretrainEnglishBytes);
        w.WriteNumber("refusal_examples", data.Options.RefusalExamples);
        w.WriteNumber("knowledge_repeats", data.Options.KnowledgeRepeats);
        w.WriteStartArray("files");
        foreach (var f in files)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            // Records: JSON lines for .json files, lines for idontknow.jsonl, documents for pretrain.txt.
            w.WriteNumber("records", f.Records);
            w.WriteNumber("bytes", f.Bytes);
            w.WriteString("sha256", f.Sha256);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("splits");
        foreach (var s in data.Splits.Prepend(data.Full))
        {
            w.WriteStartObject();
            w.WriteString("name", s.Name);
            w.WriteString("file", s.Name + ".json");
            if (s.Name.StartsWith("forget", StringComparison.Ordinal)) w.WriteString("perturbed_file", s.Name + "_perturbed.json");
            w.WriteNumber("items", s.Items.Count);
            w.WriteStartArray("authors");
            foreach (var n in s.AuthorNames) w.WriteStringValue(n);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
