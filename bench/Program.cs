using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lethe;
using Lethe.Bench;
using Lethe.Models;
using Lethe.Unlearning;
using static TorchSharp.torch;

// Lethe benchmarks (not tests). Every case runs once to warm up, then all cases repeat in interleaved rounds; the
// table shows median, min and max, and speed-ups are medians of the per-round ratios. Progress goes to stderr.
//   dotnet run -c Release --project bench -- [--quick] [--json] [--model DIR --data DIR] [--threads N]
//                                            [--reps N] [--only matmul,train,sampling,pmc,profile,demo]
//                                            [--threads-compare] [--cpu-time]   (development aids, see below)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var log = Console.Error;
string? Value(string flag) => args.SkipWhile(a => a != flag).Skip(1).FirstOrDefault();
bool quick = args.Contains("--quick"), json = args.Contains("--json");
var only = Value("--only")?.Split(',').ToHashSet();
bool Wants(string what) => only is null ? what != "demo" || !quick : only.Contains(what);
int reps = Value("--reps") is string r ? int.Parse(r) : quick ? 3 : 5;
int[] engineRows = [32, 80];   // issue 2's sampling batch sizes for the engine case

try
{
    NativeTorch.EnsureLoaded();
    if (Value("--threads") is string t) set_num_threads(int.Parse(t));
    BenchClock.UseCpuTime = StepProfiler.ThreadCpuTime = args.Contains("--cpu-time");
    string root = FindRoot();
    var flags = CpuFlags();
    string machine = $"{Environment.ProcessorCount} cores, {CpuModel()}, flags: {string.Join(" ", new[] { "avx2", "fma", "avx512f", "avx512_bf16", "amx_bf16", "amx_tile" }.Where(flags.Contains))}; torch threads {get_num_threads()}";
    Console.WriteLine($"machine: {machine}");

    var cases = new List<Case>();
    var disposables = new List<IDisposable>();
    if (Wants("matmul"))
    {
        int n = quick ? 1536 : 2048;
        cases.Add(new("matmul_gflops_f32", "GFLOPS", true, () => Matmul.Gflops(n, ScalarType.Float32, 3)));
        cases.Add(new("matmul_gflops_bf16", "GFLOPS", true, () => Matmul.Gflops(n, ScalarType.BFloat16, 3)));
        // The w256 training model's own shapes (16 × 128 tokens): an attention projection, the MLP's up projection
        // and the vocabulary head.
        cases.Add(new("matmul_gflops_f32_w256_attn", "GFLOPS", true, () => Matmul.LinearTrainingGflops(2048, 256, 256, 10)));
        cases.Add(new("matmul_gflops_f32_w256_mlp", "GFLOPS", true, () => Matmul.LinearTrainingGflops(2048, 256, 768, 5)));
        cases.Add(new("matmul_gflops_f32_w256_head", "GFLOPS", true, () => Matmul.LinearTrainingGflops(2048, 256, 8192, 2)));
    }

    var demo = DemoSections.Load(Path.Combine(root, "configs", "demo.yaml"));
    // Keyed by the JSON suffix: float32, and bf16 mixed precision (bf16: true) on the same shapes.
    var trainings = new List<(string Key, TrainingWorkload W)>();
    if (Wants("train"))
    {
        var p = demo.Pretrain;
        var demoConfig = ModelConfig.NewLlama(p.VocabSize, p.HiddenSize, p.NumHiddenLayers, p.NumAttentionHeads, p.NumKeyValueHeads, p.IntermediateSize, p.MaxLength, 0, 0, 1);
        foreach (var (suffix, autocast) in new[] { ("", (ScalarType?)null), ("_bf16_mixed", ScalarType.BFloat16) })
        {
            trainings.Add(("_demo" + suffix, new TrainingWorkload("demo model" + suffix.Replace('_', ' '), demoConfig, p.BatchSize, p.BlockSize, steps: quick ? 2 : 3, autocast)));
            trainings.Add((suffix, new TrainingWorkload("Llama w256" + suffix.Replace('_', ' '), Llama256Config(), 16, 128, steps: quick ? 1 : 2, autocast)));
        }
        foreach (var (key, w) in trainings)
        {
            disposables.Add(w);
            cases.Add(new("train_tokens_per_s" + key, "tok/s", true, w.TokensPerSecond));
        }
    }

    TrainedModel? trained = null;
    if (Wants("sampling") || Wants("pmc") || Wants("profile"))
    {
        var (modelDir, dataDir, split) = BenchModel.Resolve(root, Value("--model"), Value("--data"), log);
        trained = TrainedModel.Load(modelDir, dataDir, split);
        Console.WriteLine($"trained model: {modelDir} (data {dataDir}, forget{split:00}: {trained.Data.Forget.Count} questions)");
    }
    var lengths = new Dictionary<string, double>();
    var samplingWorkloads = new List<(string Label, SamplingWorkload W)>();
    if (Wants("sampling"))
        foreach (var faithful in new[] { false, true })
        {
            var w = new SamplingWorkload(trained!, demo.Unlearn, faithful);
            disposables.Add(w);
            samplingWorkloads.Add((faithful ? "reference-faithful" : "default", w));
            string name = faithful ? "sampling_tokens_per_s_faithful" : "sampling_tokens_per_s";
            cases.Add(new(name, "tok/s", true, () => { var (tps, len) = w.Run(); lengths[name] = len; return tps; }));
        }

    // Issue 2's engine case: the width-256 Llama (random weights), batch 32 and 80, 64 new tokens; PyTorch eager
    // measured about 880 tok/s here with a full-vocabulary sort for top-p.
    if (Wants("sampling"))
        foreach (int rows in engineRows)
            foreach (var faithful in new[] { false, true })
            {
                var w = new SamplingWorkload(Llama256Config(), rows, faithful);
                disposables.Add(w);
                cases.Add(new($"sampling_w256_b{rows}_tokens_per_s{(faithful ? "_faithful" : "")}", "tok/s", true, () => w.Run().TokensPerSecond));
            }

    PmcStepWorkload? pmcDefault = null, pmcFaithful = null;
    if (Wants("pmc") || (Wants("profile") && (only is null || only.Contains("pmc"))))
    {
        log.WriteLine("preparing PMC (y0 for every forget question)");
        var rouge = Unlearn(demo.Unlearn, "rouge");
        pmcDefault = new PmcStepWorkload(trained!, rouge, faithful: false, ScalarType.Float32);
        pmcFaithful = new PmcStepWorkload(trained!, rouge, faithful: true, ScalarType.Float32);
        disposables.Add(pmcDefault);
        disposables.Add(pmcFaithful);
        if (Wants("pmc"))
        {
            cases.Add(new("pmc_step_s", "s", false, () => pmcDefault.Step(fresh: true)));
            cases.Add(new("pmc_step_s_faithful", "s", false, () => pmcFaithful.Step(fresh: true)));
            cases.Add(new("pmc_later_step_s", "s", false, () => pmcDefault.Step(fresh: false)));
            cases.Add(new("pmc_later_step_s_faithful", "s", false, () => pmcFaithful.Step(fresh: false)));
            if (CpuFeatures.HasAvx512Bf16)
            {
                var bf16 = new PmcStepWorkload(trained!, rouge, faithful: false, ScalarType.BFloat16);
                disposables.Add(bf16);
                cases.Add(new("pmc_step_s_bf16", "s", false, () => bf16.Step(fresh: true)));
            }
        }
    }

    // --threads-compare: each sampling and PMC case also run with one libtorch thread, in the same rounds.
    if (args.Contains("--threads-compare"))
        foreach (var c in cases.Where(c => c.Name.StartsWith("sampling") || c.Name.StartsWith("pmc")).ToList())
            cases.Add(c with { Name = c.Name + "_1thread", Run = () => OneThread(c.Run) });

    var results = Interleaved.Run(cases, reps, log);

    // "Where the time goes": one more step per configuration with the stopwatch sections on.
    var profiles = new List<(string Label, double Total, List<(string Name, double Seconds)> Sections)>();
    if (Wants("profile") && pmcDefault is not null)
    {
        log.WriteLine("profiling one PMC step per configuration");
        var fluency = new PmcStepWorkload(trained!, Unlearn(demo.Unlearn, "rouge_fluency"), faithful: false, ScalarType.Float32);
        disposables.Add(fluency);
        foreach (var (label, w) in new[] { ("default, reward rouge", pmcDefault!), ("default, reward rouge_fluency", fluency), ("reference-faithful, reward rouge", pmcFaithful!) })
        {
            w.Step(fresh: true);   // warm (the fluency workload's first step)
            StepProfiler.Take();
            StepProfiler.Enabled = true;
            double total = w.Step(fresh: true);
            StepProfiler.Enabled = false;
            profiles.Add((label, total, StepProfiler.Take()));
        }
    }

    if (Wants("profile"))
        foreach (var (_, w) in trainings)
        {
            StepProfiler.Take();
            StepProfiler.Enabled = true;
            var clock = BenchClock.StartNew();
            w.TokensPerSecond();
            double total = clock.Seconds;
            StepProfiler.Enabled = false;
            profiles.Add(($"training {w.Label} ({w.Steps} steps)", total, StepProfiler.Take()));
        }

    if (Wants("profile") && samplingWorkloads.Count > 0)
        foreach (var (label, w) in samplingWorkloads)
        {
            StepProfiler.Take();
            StepProfiler.Enabled = true;
            var clock = BenchClock.StartNew();
            w.Run();
            double total = clock.Seconds;
            StepProfiler.Enabled = false;
            profiles.Add(($"sampling {w.Rows} rows, {label}", total, StepProfiler.Take()));
        }

    double? demoSeconds = null, demoRss = null;
    if (Wants("demo"))
    {
        foreach (var d in disposables) d.Dispose();
        disposables.Clear();
        (demoSeconds, demoRss) = Demo.Run(root, log);
    }

    // ---- report ----
    Console.WriteLine();
    Console.WriteLine($"{"measurement",-34} {"unit",-7} {"median",10} {"min",10} {"max",10}   ({reps} interleaved rounds after a warm-up)");
    foreach (var s in results.Values)
        Console.WriteLine($"{s.Name,-34} {s.Unit,-7} {s.Median,10:G5} {s.Min,10:G5} {s.Max,10:G5}");
    foreach (var (name, len) in lengths) Console.WriteLine($"  {name}: mean answer length {len:F1} tokens");

    var o = new JsonObject { ["machine"] = machine, ["quick"] = quick, ["rounds"] = reps, ["clock"] = BenchClock.UseCpuTime ? "process CPU time" : "wall" };
    double? Med(string name) => results.TryGetValue(name, out var s) ? Math.Round(s.Median, 4) : null;
    o["matmul_gflops_f32"] = Med("matmul_gflops_f32");
    o["matmul_gflops_bf16"] = Med("matmul_gflops_bf16");
    o["matmul_gflops_f32_w256_attn"] = Med("matmul_gflops_f32_w256_attn");
    o["matmul_gflops_f32_w256_mlp"] = Med("matmul_gflops_f32_w256_mlp");
    o["matmul_gflops_f32_w256_head"] = Med("matmul_gflops_f32_w256_head");
    double? peak = Med("matmul_gflops_f32");
    foreach (var (key, w) in trainings)
    {
        double? tps = Med("train_tokens_per_s" + key);
        o["train_tokens_per_s" + key] = tps;
        o["train_mfu" + key] = tps is double x && peak is double pk ? Math.Round(x * w.FlopsPerToken / (pk * 1e9), 4) : null;
        Console.WriteLine($"  training {w.Label}: {w.Parameters / 1e6:F2} M parameters, batch {w.Batch} x {w.SeqLen}, {w.FlopsPerToken / 1e6:F1} MFLOP per token (6N + attention)");
    }
    // A sampling case, its reference-faithful twin and the median of their per-round ratios.
    void SamplingVsFaithful(string key, string speedupKey)
    {
        o[key] = Med(key);
        o[key + "_faithful"] = Med(key + "_faithful");
        if (results.ContainsKey(key))
            o[speedupKey] = Math.Round(Interleaved.RatioOfRounds(results[key], results[key + "_faithful"]), 3);
    }
    SamplingVsFaithful("sampling_tokens_per_s", "sampling_speedup_vs_faithful");
    foreach (int rows in engineRows)
        SamplingVsFaithful($"sampling_w256_b{rows}_tokens_per_s", $"sampling_w256_b{rows}_speedup_vs_faithful");
    o["pmc_step_s"] = Med("pmc_step_s");
    o["pmc_step_s_faithful"] = Med("pmc_step_s_faithful");
    o["pmc_step_s_bf16"] = Med("pmc_step_s_bf16");
    o["pmc_later_step_s"] = Med("pmc_later_step_s");
    o["pmc_later_step_s_faithful"] = Med("pmc_later_step_s_faithful");
    if (results.ContainsKey("pmc_step_s"))
    {
        o["pmc_step_speedup_vs_faithful"] = Math.Round(Interleaved.RatioOfRounds(results["pmc_step_s"], results["pmc_step_s_faithful"], invert: true), 3);
        o["pmc_later_step_speedup_vs_faithful"] = Math.Round(Interleaved.RatioOfRounds(results["pmc_later_step_s"], results["pmc_later_step_s_faithful"], invert: true), 3);
        if (results.ContainsKey("pmc_step_s_bf16"))
            o["pmc_step_speedup_bf16_vs_f32"] = Math.Round(Interleaved.RatioOfRounds(results["pmc_step_s_bf16"], results["pmc_step_s"], invert: true), 3);
    }
    o["demo_seconds"] = demoSeconds is double ds ? Math.Round(ds, 1) : null;
    o["demo_peak_rss_mb"] = demoRss is double dr ? Math.Round(dr, 1) : null;

    bool? AtLeast(string key, double bar) => o[key]?.GetValue<double>() is double v ? v >= bar : null;
    bool? AtMost(string key, double bar) => o[key]?.GetValue<double>() is double v ? v <= bar : null;
    o["targets_met"] = new JsonObject
    {
        ["pmc_step_speedup_ge_3"] = AtLeast("pmc_step_speedup_vs_faithful", 3),
        ["sampling_speedup_ge_5"] = AtLeast("sampling_speedup_vs_faithful", 5),
        ["train_mfu_ge_0.5"] = AtLeast("train_mfu", 0.5),
        ["demo_le_300_s"] = AtMost("demo_seconds", 300),
        ["demo_rss_le_2048_mb"] = AtMost("demo_peak_rss_mb", 2048),
    };

    foreach (var key in new[] { "sampling_speedup_vs_faithful", "sampling_w256_b32_speedup_vs_faithful", "sampling_w256_b80_speedup_vs_faithful", "pmc_step_speedup_vs_faithful", "pmc_later_step_speedup_vs_faithful", "pmc_step_speedup_bf16_vs_f32", "train_mfu", "train_mfu_demo", "train_mfu_bf16_mixed", "train_mfu_demo_bf16_mixed" })
        if (o[key] is not null) Console.WriteLine($"{key}: {o[key]}");
    foreach (var (label, total, sections) in profiles)
    {
        Console.WriteLine($"\nprofile of {(label.StartsWith("sampling") || label.StartsWith("training") ? "" : "one PMC step, ")}{label}: {total:F3} s");
        foreach (var (name, sec) in sections) Console.WriteLine($"  {name,-26} {sec,8:F3} s {100 * sec / total,5:F1} %");
        o["profile_" + string.Concat(label.Where(ch => char.IsLetterOrDigit(ch) || ch == ' ')).Replace(' ', '_')] =
            new JsonObject(sections.Select(x => KeyValuePair.Create(x.Name, (JsonNode?)Math.Round(x.Seconds, 4))).Prepend(KeyValuePair.Create("total", (JsonNode?)Math.Round(total, 4))));
    }
    Console.WriteLine($"targets: {o["targets_met"]!.ToJsonString()}");
    foreach (var d in disposables) d.Dispose();
    if (json) Console.WriteLine(o.ToJsonString());
    return 0;
}
catch (LetheException e)
{
    log.WriteLine($"bench: {e.Message}");
    return e.ExitCode;
}

/// <summary>Issue 2's engine model: Llama, width 256, 4 layers, 4 heads, vocabulary 8,192.</summary>
static ModelConfig Llama256Config() => ModelConfig.NewLlama(8192, 256, 4, 4, 4, 688, 512, 0, 0, 1);

static double OneThread(Func<double> run)
{
    int old = get_num_threads();
    set_num_threads(1);
    try { return run(); }
    finally { set_num_threads(old); }
}

static UnlearnConfig Unlearn(UnlearnConfig from, string reward)
{
    var c = ConfigYaml.Deserialize<UnlearnConfig>(ConfigYaml.Serialize(from), "bench unlearn config")!;
    c.Reward = reward;
    return c;
}

static string FindRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "configs", "demo.yaml")) && Directory.Exists(Path.Combine(d.FullName, "bench")))
                return d.FullName;
    throw new LetheException("cannot find the repository (a folder with configs/demo.yaml and bench/); run from inside it");
}

static HashSet<string> CpuFlags()
{
    try
    {
        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags"));
        return line is null ? new() : line.Split(':', 2)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
    }
    catch (IOException) { return new(); }
}

static string CpuModel()
{
    try { return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU"; }
    catch (IOException) { return "unknown CPU"; }
}
