using Lethe.Data;
using Lethe.Data.Synth;
using Lethe.Training;
using Lethe.Unlearning;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Lethe.Bench;

/// <summary>The sections of a demo config the benchmark reads (other sections are ignored, not errors).</summary>
public sealed class DemoSections
{
    public DemoData Data { get; set; } = new();
    public PretrainConfig Pretrain { get; set; } = new();
    public FinetuneConfig Finetune { get; set; } = new();
    public UnlearnConfig Unlearn { get; set; } = new();

    public sealed class DemoData
    {
        public int Authors { get; set; } = 40;
        public ulong Seed { get; set; } = 20250707;
        public int Split { get; set; } = 10;
    }

    public static DemoSections Load(string path)
    {
        if (!File.Exists(path)) throw new LetheException($"{path}: config file not found");
        var d = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).IgnoreUnmatchedProperties().Build();
        return d.Deserialize<DemoSections>(File.ReadAllText(path)) ?? new DemoSections();
    }
}

/// <summary>
/// The trained model the sampling and PMC measurements need (random weights would make them meaningless: no row
/// ever ends, every nucleus is most of the vocabulary): the demo's fine-tuned model when it exists, else a model
/// trained once with the quick demo's pretrain and fine-tune stages and cached under bench/.cache.
/// </summary>
public static class BenchModel
{
    public static (string ModelDir, string DataDir, int Split) Resolve(string root, string? model, string? data, TextWriter log)
    {
        if (model is not null || data is not null)
        {
            if (model is null || data is null) throw new LetheException("--model and --data go together");
            return (model, data, DemoSections.Load(Path.Combine(root, "configs", "demo.yaml")).Data.Split);
        }
        string demoModel = Path.Combine(root, "runs", "demo", "finetuned"), demoData = Path.Combine(root, "runs", "demo", "data");
        if (File.Exists(Path.Combine(demoModel, "config.json")) && Directory.Exists(demoData))
            return (demoModel, demoData, DemoSections.Load(Path.Combine(root, "configs", "demo.yaml")).Data.Split);

        string cache = Path.Combine(root, "bench", ".cache", "quick-model");
        var c = DemoSections.Load(Path.Combine(root, "configs", "demo-quick.yaml"));
        string modelDir = Path.Combine(cache, "finetuned"), dataDir = Path.Combine(cache, "data"), done = Path.Combine(cache, "complete");
        if (File.Exists(done)) return (modelDir, dataDir, c.Data.Split);

        log.WriteLine($"preparing the benchmark model once (quick demo's pretrain + fine-tune) under {cache}");
        if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
        var synth = SynthBenchmark.Generate(new SynthOptions { Authors = c.Data.Authors, Seed = c.Data.Seed });
        SynthBenchmark.Write(synth, dataDir);
        var dataset = TofuDataset.FromFolder(dataDir, c.Data.Split);
        string baseDir = Path.Combine(cache, "base");
        var docs = PretrainStage.ReadDocuments(Path.Combine(dataDir, SynthBenchmark.PretrainFile));
        var (lm, tokenizer, _) = PretrainStage.Run(docs, c.Pretrain, baseDir, progress: log);
        var format = PromptFormats.Create(c.Unlearn, tokenizer);
        var replay = FinetuneStage.ReplaySet(PretrainStage.QaDocuments(docs), dataset.Refusals, c.Finetune.ReplayRefusals, c.Finetune.Seed);
        FinetuneStage.Run(lm, tokenizer, format, dataset.Full.Concat(replay).ToList(), c.Finetune, modelDir, baseDir, progress: log);
        lm.Dispose();
        File.WriteAllText(done, DateTime.UtcNow.ToString("O"));
        return (modelDir, dataDir, c.Data.Split);
    }
}
