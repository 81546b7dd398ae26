using System.CommandLine;
using System.Globalization;
using Lethe.Data.Synth;

namespace Lethe.Cli.Commands;

/// <summary>`lethe data ...`: make and handle datasets. `data synth` writes Lethe's own TOFU-like benchmark.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var cmd = new Command("data", "Create and handle unlearning datasets");
        cmd.Subcommands.Add(CreateSynth());
        return cmd;
    }

    static Command CreateSynth()
    {
        var outDir = new Option<string>("--out") { Description = "Folder to write the benchmark into", Required = true };
        var authors = new Option<int>("--authors")
        {
            Description = $"Number of invented authors ({SynthOptions.MinAuthors}-{SynthOptions.MaxAuthors})",
            DefaultValueFactory = _ => new SynthOptions().Authors,
        };
        var seed = new Option<ulong>("--seed")
        {
            Description = "Random seed; the same seed writes the same bytes",
            DefaultValueFactory = _ => SynthOptions.DefaultSeed,
        };
        var cmd = new Command("synth",
            "Write a synthetic TOFU-like benchmark (full, forget01/05/10, retain99/95/90, perturbed sets, world facts, " +
            "real authors, idontknow.jsonl, pretrain.txt, manifest.json)");
        cmd.Options.Add(outDir);
        cmd.Options.Add(authors);
        cmd.Options.Add(seed);
        cmd.SetAction(parseResult =>
        {
            int n = parseResult.GetValue(authors);
            if (n is < SynthOptions.MinAuthors or > SynthOptions.MaxAuthors)
                throw new LetheException($"--authors must be between {SynthOptions.MinAuthors} and {SynthOptions.MaxAuthors} (got {n})");
            string dir = parseResult.GetValue(outDir)!;
            var options = new SynthOptions { Authors = n, Seed = parseResult.GetValue(seed) };
            var files = SynthBenchmark.Write(options, dir);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {files.Count} files to {Path.GetFullPath(dir)} ({n} authors, seed {options.Seed})"));
            foreach (var f in files)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {f.Name,-26} {f.Records,7} records {f.Bytes,10} bytes"));
            return 0;
        });
        return cmd;
    }
}
