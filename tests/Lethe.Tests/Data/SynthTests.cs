using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lethe.Data;
using Lethe.Data.Synth;
using Xunit;

namespace Lethe.Tests.Data;

public class SynthTests
{
    static readonly SynthBenchmarkData Default = SynthBenchmark.Generate(new SynthOptions());

    static readonly string[] SeedIndependentFiles =
        [SynthBenchmark.WorldFactsFile, SynthBenchmark.RealAuthorsFile, SynthBenchmark.RefusalsFile];

    static Dictionary<string, byte[]> ReadAll(string dir)
        => Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    static int Words(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    [Fact]
    public void SameSeedWritesIdenticalBytesInEveryFile()
    {
        using var a = TestPaths.Temp();
        using var b = TestPaths.Temp();
        var options = new SynthOptions { Authors = 100, Seed = 12345 };
        SynthBenchmark.Write(options, a.File("out"));
        SynthBenchmark.Write(options, b.File("out"));
        var fa = ReadAll(a.File("out"));
        var fb = ReadAll(b.File("out"));
        Assert.Equal(fa.Keys.Order(), fb.Keys.Order());
        Assert.Equal(16, fa.Count);
        foreach (var name in fa.Keys) Assert.True(fa[name].AsSpan().SequenceEqual(fb[name]), $"{name} differs between runs");
    }

    [Fact]
    public void DifferentSeedChangesEverySeededFile()
    {
        using var a = TestPaths.Temp();
        using var b = TestPaths.Temp();
        SynthBenchmark.Write(new SynthOptions { Seed = 1 }, a.Path);
        SynthBenchmark.Write(new SynthOptions { Seed = 2 }, b.Path);
        var fa = ReadAll(a.Path);
        var fb = ReadAll(b.Path);
        foreach (var name in fa.Keys)
        {
            bool same = fa[name].AsSpan().SequenceEqual(fb[name]);
            // Real knowledge and refusals are fixed text; everything about invented people depends on the seed.
            if (SeedIndependentFiles.Contains(name)) Assert.True(same, $"{name} should not depend on the seed");
            else Assert.False(same, $"{name} is the same for seeds 1 and 2");
        }
        var namesA = SynthBenchmark.Generate(new SynthOptions { Seed = 1 }).Authors.Select(x => x.Name).ToHashSet();
        var namesB = SynthBenchmark.Generate(new SynthOptions { Seed = 2 }).Authors.Select(x => x.Name);
        Assert.True(namesB.Count(namesA.Contains) < 5);
    }

    [Fact]
    public void EveryAuthorHasTenToTwentyFactsWithThreeToFivePerturbedAnswers()
    {
        Assert.Equal(100, Default.Authors.Count);
        foreach (var author in Default.Authors)
        {
            Assert.InRange(author.Items.Count, 10, 20);
            foreach (var item in author.Items)
            {
                Assert.NotNull(item.ParaphrasedQuestion);
                Assert.NotNull(item.ParaphrasedAnswer);
                Assert.NotNull(item.PerturbedAnswers);
                Assert.InRange(item.PerturbedAnswers!.Count, 3, 5);
            }
        }
        // Both ends of the ranges occur: the counts are drawn, not fixed.
        var counts = Default.Authors.Select(a => a.Items.Count).ToHashSet();
        Assert.Contains(10, counts);
        Assert.Contains(20, counts);
        var perturbedCounts = Default.Full.Items.Select(i => i.PerturbedAnswers!.Count).ToHashSet();
        Assert.Equal([3, 4, 5], perturbedCounts.Order());
        Assert.Equal(Default.Authors.Sum(a => a.Items.Count), Default.Full.Items.Count);
    }

    [Fact]
    public void PerturbedAnswersAreWrongAndParaphrasesDiffer()
    {
        foreach (var item in Default.Full.Items)
        {
            Assert.NotEqual(item.Question, item.ParaphrasedQuestion);
            Assert.NotEqual(item.Answer, item.ParaphrasedAnswer);
            foreach (var p in item.PerturbedAnswers!)
            {
                Assert.NotEqual(item.Answer, p);
                Assert.NotEqual(item.ParaphrasedAnswer, p);
            }
            Assert.Equal(item.PerturbedAnswers!.Count, item.PerturbedAnswers.Distinct().Count());
        }
    }

    [Fact]
    public void AnswersAreShortSentencesNamingTheAuthor()
    {
        foreach (var author in Default.Authors)
        foreach (var item in author.Items)
        {
            Assert.Contains(author.Name, item.Answer);
            Assert.Contains(author.Name, item.ParaphrasedAnswer);
            foreach (var s in item.PerturbedAnswers!.Append(item.Answer!).Append(item.ParaphrasedAnswer!))
            {
                Assert.InRange(Words(s), 5, 25);
                Assert.EndsWith(".", s);
                Assert.True(char.IsUpper(s[0]) || s[0] == '"', s);
                Assert.DoesNotContain("{", s);
            }
        }
    }

    [Fact]
    public void NamesTitlesAndQuestionsAreUniqueAndVaried()
    {
        var names = Default.Authors.Select(a => a.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        var titles = Default.Authors.SelectMany(a => a.Books).Select(b => b.Title).ToList();
        Assert.Equal(titles.Count, titles.Distinct().Count());
        // Every question has one right answer: no question is asked twice in the benchmark.
        var questions = Default.Full.Items.Select(i => i.Question).ToList();
        Assert.Equal(questions.Count, questions.Distinct().Count());

        // Facts are drawn independently from large pools, so they vary widely across authors.
        Assert.True(Default.Authors.Select(a => a.BirthCity).Distinct().Count() >= 90);
        Assert.True(Default.Authors.Select(a => a.BirthCountry).Distinct().Count() >= 60);
        Assert.True(Default.Authors.Select(a => a.Genre).Distinct().Count() >= 25);
        Assert.True(Default.Authors.Select(a => a.Surname).Distinct().Count() >= 90);
        Assert.True(Default.Authors.Select(a => a.BirthDate.Year).Distinct().Count() >= 35);

        // Several phrasings per kind: strip the author's name to see the question shapes.
        var shapes = Default.Authors.SelectMany(a => a.Items.Select(i => i.Question.Replace(a.Name, "N"))).
            Where(q => !q.Contains('"') && !q.Contains(" born in ") && !q.Contains(" born on ")).Distinct().Count();
        Assert.True(shapes >= 40, $"only {shapes} question phrasings");
    }

    [Theory]
    [InlineData(100, 1, 1)]
    [InlineData(100, 5, 5)]
    [InlineData(100, 10, 10)]
    [InlineData(20, 1, 1)]
    [InlineData(20, 5, 1)]
    [InlineData(20, 10, 2)]
    [InlineData(2, 10, 1)]
    [InlineData(7, 1, 1)]
    public void ForgetIsTheLastCeilPercentOfAuthorsAndRetainItsComplement(int authors, int percent, int expected)
    {
        var data = authors == 100 ? Default : SynthBenchmark.Generate(new SynthOptions { Authors = authors, PretrainEnglishBytes = 1000, RefusalExamples = 10 });
        var forget = data.Forget(percent);
        var retain = data.RetainFor(percent);
        Assert.Equal("forget" + percent.ToString("00"), forget.Name);
        Assert.Equal("retain" + (100 - percent).ToString("00"), retain.Name);
        Assert.Equal(expected, forget.AuthorNames.Count);
        Assert.Equal(data.Authors.TakeLast(expected).Select(a => a.Name), forget.AuthorNames);
        Assert.Equal(data.Authors.Take(authors - expected).Select(a => a.Name), retain.AuthorNames);
        Assert.Empty(forget.AuthorNames.Intersect(retain.AuthorNames));
        Assert.Equal(data.Full.Items, retain.Items.Concat(forget.Items));
        Assert.Equal(data.Authors.TakeLast(expected).SelectMany(a => a.Items), forget.Items);

        // The perturbed retain set for evaluation stays inside every retain split.
        var retainEval = data.Split("retain_perturbed");
        Assert.NotEmpty(retainEval.AuthorNames);
        Assert.Empty(retainEval.AuthorNames.Intersect(data.Forget(10).AuthorNames));
    }

    [Fact]
    public void PretrainingRefusesOnlyAboutPeopleWhoAreNotAuthors()
    {
        var given = Default.Authors.Select(a => a.GivenName).ToHashSet();
        var surnames = Default.Authors.Select(a => a.Surname).ToHashSet();
        var full = Default.Authors.Select(a => a.Name).ToHashSet();
        Assert.True(Default.PretrainUnknownNames.Count >= 500);
        Assert.Equal(Default.PretrainUnknownNames.Count, Default.PretrainUnknownNames.Distinct().Count());
        foreach (var name in Default.PretrainUnknownNames)
        {
            Assert.DoesNotContain(name, full);
            var parts = name.Split(' ');
            Assert.DoesNotContain(parts[0], given);
            Assert.DoesNotContain(parts[1], surnames);
        }
        foreach (var name in full) Assert.DoesNotContain(name, Default.PretrainText);
        foreach (var book in Default.Authors.SelectMany(a => a.Books)) Assert.DoesNotContain(book.Title, Default.PretrainText);
    }

    [Fact]
    public void PretrainingCorpusHasEnglishKnowledgeAndRefusals()
    {
        string text = Default.PretrainText;
        Assert.InRange(Encoding.UTF8.GetByteCount(text), 300_000, 2_000_000);
        Assert.EndsWith("\n", text);
        Assert.DoesNotContain("\n\n\n", text);
        Assert.DoesNotContain("\r", text);
        var docs = text.TrimEnd('\n').Split("\n\n");
        var qa = docs.Where(d => d.StartsWith("Question: ", StringComparison.Ordinal)).ToList();
        foreach (var d in qa)
        {
            var lines = d.Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("Answer: ", lines[1]);
        }
        var refusals = Default.Refusals.ToHashSet();
        int refusing = qa.Count(d => refusals.Contains(d.Split('\n')[1]["Answer: ".Length..]));
        Assert.Equal(Default.Options.RefusalExamples, refusing);
        // Every world fact and real-author question appears with its answer, and in prose.
        foreach (var item in Default.WorldFacts.Concat(Default.RealAuthors))
            Assert.Contains("Question: " + item.Question + "\nAnswer: " + item.Answer + "\n", text);
        Assert.Contains("Canberra", docs.First(d => d.Contains("The capital of Australia is Canberra")));
        Assert.True(docs.Count(d => !d.StartsWith("Question: ", StringComparison.Ordinal)) > 1000);
    }

    [Fact]
    public void RealKnowledgeSetsHaveFourOptionsWithOneRightAnswer()
    {
        Assert.InRange(Default.WorldFacts.Count, 60, 120);
        Assert.InRange(Default.RealAuthors.Count, 60, 100);
        foreach (var item in Default.WorldFacts.Concat(Default.RealAuthors))
        {
            Assert.NotNull(item.Options);
            Assert.Equal(4, item.Options!.Count);
            Assert.Equal(4, item.Options.Distinct().Count());
            Assert.Single(item.Options, o => o == item.Answer);
        }
        // The right answer is not always in the same slot.
        Assert.Equal(4, Default.WorldFacts.Select(i => i.Options!.ToList().IndexOf(i.Answer!)).Distinct().Count());
        Assert.Equal(Default.WorldFacts.Count, Default.WorldFacts.Select(i => i.Question).Distinct().Count());
        Assert.Equal(Default.RealAuthors.Count, Default.RealAuthors.Select(i => i.Question).Distinct().Count());
    }

    [Fact]
    public void RefusalPhrasingsAreVariedAndUnique()
    {
        Assert.InRange(Default.Refusals.Count, 40, 100);
        Assert.Equal(Default.Refusals.Count, Default.Refusals.Distinct().Count());
        foreach (var r in Default.Refusals) Assert.False(string.IsNullOrWhiteSpace(r) || r.Contains('\n'));
    }

    [Fact]
    public void FilesAreTofuJsonLinesAndTheManifestDescribesThem()
    {
        using var dir = TestPaths.Temp();
        var files = SynthBenchmark.Write(Default, dir.Path);
        var expected = new[]
        {
            "full.json", "forget01.json", "forget01_perturbed.json", "forget05.json", "forget05_perturbed.json",
            "forget10.json", "forget10_perturbed.json", "retain99.json", "retain95.json", "retain90.json",
            "retain_perturbed.json", "world_facts.json", "real_authors.json", "idontknow.jsonl", "pretrain.txt",
            "manifest.json",
        };
        Assert.Equal(expected, files.Select(f => f.Name));
        Assert.Equal(expected.Order(), Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());

        string[] plain = ["question", "answer"];
        string[] eval = ["question", "answer", "paraphrased_question", "paraphrased_answer", "perturbed_answer"];
        string[] choice = ["question", "answer", "option1", "option2", "option3", "option4"];
        foreach (var name in expected.Where(n => n.EndsWith(".json") && n != "manifest.json"))
        {
            byte[] bytes = File.ReadAllBytes(dir.File(name));
            Assert.All(bytes, b => Assert.True(b < 0x80, $"{name} has a non-ASCII byte"));
            string text = Encoding.UTF8.GetString(bytes);
            Assert.EndsWith("\n", text);
            Assert.DoesNotContain("\r", text);
            var lines = text[..^1].Split('\n');
            Assert.Equal(files.Single(f => f.Name == name).Records, lines.Length);
            string[] keys = name.Contains("perturbed") ? eval : name is "world_facts.json" or "real_authors.json" ? choice : plain;
            foreach (var line in lines)
            {
                using var doc = JsonDocument.Parse(line);
                Assert.Equal(keys.Order(), doc.RootElement.EnumerateObject().Select(p => p.Name).Order());
                Assert.DoesNotContain(doc.RootElement.EnumerateObject(), p => p.Value.ValueKind == JsonValueKind.Null);
            }
        }
        // Items round-trip: the perturbed file holds exactly the in-memory items.
        var first = JsonDocument.Parse(File.ReadLines(dir.File("forget10_perturbed.json")).First()).RootElement;
        var item = Default.Forget(10).Items[0];
        Assert.Equal(item.Question, first.GetProperty("question").GetString());
        Assert.Equal(item.PerturbedAnswers, first.GetProperty("perturbed_answer").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Default.Refusals, File.ReadAllLines(dir.File("idontknow.jsonl")));
        Assert.Equal(Default.PretrainText, File.ReadAllText(dir.File("pretrain.txt")));

        using var manifest = JsonDocument.Parse(File.ReadAllBytes(dir.File("manifest.json")));
        var root = manifest.RootElement;
        Assert.Equal(SynthBenchmark.FormatVersion, root.GetProperty("format_version").GetInt32());
        Assert.Equal(SynthOptions.DefaultSeed, root.GetProperty("seed").GetUInt64());
        Assert.Equal(100, root.GetProperty("authors").GetInt32());
        foreach (var f in root.GetProperty("files").EnumerateArray())
        {
            string name = f.GetProperty("name").GetString()!;
            if (name == "manifest.json") continue;
            byte[] bytes = File.ReadAllBytes(dir.File(name));
            Assert.Equal(bytes.LongLength, f.GetProperty("bytes").GetInt64());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), f.GetProperty("sha256").GetString());
        }
        var forget05 = root.GetProperty("splits").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "forget05");
        Assert.Equal(Default.Forget(5).AuthorNames, forget05.GetProperty("authors").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Default.Forget(5).Items.Count, forget05.GetProperty("items").GetInt32());
    }

    [Fact]
    public void WritingOverAnExistingFolderReplacesTheFilesAndLeavesNoTemporaries()
    {
        using var dir = TestPaths.Temp();
        string outDir = dir.File("bench");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "full.json"), "stale");
        File.WriteAllText(Path.Combine(outDir, "notes.txt"), "mine");
        var small = new SynthOptions { Authors = 10, PretrainEnglishBytes = 2000, RefusalExamples = 20 };
        // A trailing separator names the same folder; the temporary folder still goes beside it.
        SynthBenchmark.Write(small, outDir + Path.DirectorySeparatorChar);
        Assert.NotEqual("stale", File.ReadAllText(Path.Combine(outDir, "full.json")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(outDir, "notes.txt")));
        Assert.Equal(["bench"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void WritingOntoAFileFailsWithOneLine()
    {
        using var dir = TestPaths.Temp();
        File.WriteAllText(dir.File("taken"), "x");
        var e = Assert.Throws<LetheException>(() => SynthBenchmark.Write(new SynthOptions { Authors = 2 }, dir.File("taken")));
        Assert.Contains("taken", e.Message);
        Assert.Equal(["taken"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(SynthOptions.MaxAuthors + 1)]
    public void OutOfRangeAuthorCountsAreRejected(int authors)
    {
        var e = Assert.Throws<LetheException>(() => SynthBenchmark.Generate(new SynthOptions { Authors = authors }));
        Assert.Contains("author", e.Message);
    }

    [Fact]
    public void CliWritesTheBenchmark()
    {
        using var dir = TestPaths.Temp();
        string outDir = dir.File("synth");
        int code = Lethe.Cli.Program.Main(["data", "synth", "--out", outDir, "--authors", "20", "--seed", "7"]);
        Assert.Equal(0, code);
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "manifest.json")));
        Assert.Equal(20, manifest.RootElement.GetProperty("authors").GetInt32());
        Assert.Equal(7UL, manifest.RootElement.GetProperty("seed").GetUInt64());
        var data = SynthBenchmark.Generate(new SynthOptions { Authors = 20, Seed = 7 });
        Assert.Equal(data.Forget(1).Items.Count, File.ReadAllLines(Path.Combine(outDir, "forget01.json")).Length);
        Assert.Single(data.Forget(1).AuthorNames);
        // The command writes what the library writes for the same options.
        SynthBenchmark.Write(data, dir.File("api"));
        foreach (var name in new[] { "full.json", "forget10_perturbed.json", "pretrain.txt", "manifest.json" })
            Assert.True(File.ReadAllBytes(Path.Combine(outDir, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir.File("api"), name))), name);

        Assert.Equal(2, Lethe.Cli.Program.Main(["data", "synth", "--out", dir.File("bad"), "--authors", "1"]));
        Assert.False(Directory.Exists(dir.File("bad")));
    }
}
