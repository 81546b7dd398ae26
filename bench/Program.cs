using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lethe;
using Lethe.Data;
using Lethe.Generation;
using Lethe.Models;
using Lethe.Training;
using static TorchSharp.torch;

// Lethe benchmarks (not tests): throughput measured with interleaved repetitions, reported as median and min.
// Usage: dotnet run -c Release --project bench -- [--quick] [--json] [--only train|sampling]
var argv = args.ToHashSet();
bool quick = argv.Contains("--quick"), json = argv.Contains("--json");
string? only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
int reps = quick ? 3 : 7;
NativeTorch.EnsureLoaded();
var results = new Dictionary<string, object>();
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, torch threads {get_num_threads()}, avx512_bf16 {CpuFeatures.HasAvx512Bf16}");

// The issue's reference model: Llama width 256, 4 layers, 4 heads, vocab 8192.
var cfg = ModelConfig.NewLlama(8192, 256, 4, 4, 4, 688, 512, 0, 0, 1, tieEmbeddings: true);
var model = ModelFactory.Create(cfg);
model.InitializeWeights(1);

var cases = new List<(string Name, Func<double> Run)>();
if (only is null or "train")
    cases.Add(("train_tokens_per_s", () => TrainTokensPerSecond(model, batch: 16, len: 128, steps: quick ? 2 : 3)));
if (only is null or "sampling")
    foreach (int b in new[] { 32, 80 })
    {
        cases.Add(($"sampling_tokens_per_s_b{b}", () => SamplingTokensPerSecond(model, b, faithful: false)));
        cases.Add(($"sampling_tokens_per_s_b{b}_faithful", () => SamplingTokensPerSecond(model, b, faithful: true)));
    }

// Warm up once, then interleave: every repetition runs every case, so drift hits all cases alike.
foreach (var c in cases) Console.Error.WriteLine($"warm-up {c.Name}: {c.Run():F0}");
var samples = cases.ToDictionary(c => c.Name, _ => new List<double>());
for (int r = 0; r < reps; r++)
    foreach (var c in cases)
    {
        double v = c.Run();
        samples[c.Name].Add(v);
        Console.Error.WriteLine($"rep {r + 1}/{reps} {c.Name}: {v:F0}");
    }

Console.WriteLine($"{"measurement",-36} {"median",12} {"max",12} {"min",12}  (tokens/s, {reps} interleaved reps)");
foreach (var (name, xs) in samples)
{
    var sorted = xs.Order().ToArray();
    double median = sorted[sorted.Length / 2];
    Console.WriteLine($"{name,-36} {median,12:F0} {sorted[^1],12:F0} {sorted[0],12:F0}");
    results[name] = Math.Round(median, 1);
}
foreach (int b in new[] { 32, 80 })
    if (samples.ContainsKey($"sampling_tokens_per_s_b{b}"))
        results[$"sampling_speedup_vs_faithful_b{b}"] = Math.Round((double)results[$"sampling_tokens_per_s_b{b}"] / (double)results[$"sampling_tokens_per_s_b{b}_faithful"], 2);
if (json) Console.WriteLine(JsonSerializer.Serialize(results));

static double TrainTokensPerSecond(CausalLM model, int batch, int len, int steps)
{
    var rng = new Rng(7);
    var examples = Enumerable.Range(0, batch).Select(_ => new EncodedExample(Enumerable.Range(0, len).Select(_ => rng.NextInt(8192)).ToArray(), 0)).ToArray();
    using var trainer = new Trainer(model, new TrainerOptions { LearningRate = 1e-4, TotalSteps = 1000 });
    var clock = Stopwatch.StartNew();
    for (int s = 0; s < steps; s++)
        trainer.TrainStep(_ =>
        {
            using var tb = TokenBatch.Collate(examples, 1);
            var loss = TokenLoss.Mean(model.Forward(tb.InputIds), tb.Labels);
            return new MicroBatchLoss(loss, new Dictionary<string, Tensor>());
        });
    return steps * batch * len / clock.Elapsed.TotalSeconds;
}

// 16 questions × (batch/16) samples, prompts of 24 tokens, 64 new tokens, top-p 0.95, temperature 1.25, no EOS stop
// (random weights: every row runs the full 64 tokens, the worst case for the sampler).
static double SamplingTokensPerSecond(CausalLM model, int batch, bool faithful)
{
    var rng = new Rng(11);
    var prompts = Enumerable.Range(0, batch).Select(i => (IReadOnlyList<int>)Enumerable.Range(0, 16 + i % 9).Select(_ => 2 + rng.NextInt(8000)).ToArray()).ToList();
    var o = new SamplingOptions { Greedy = false, Temperature = 1.25, TopP = 0.95, MaxNewTokens = 64, ReferenceFaithful = faithful };
    var clock = Stopwatch.StartNew();
    var outputs = new BatchedGenerator(model).Generate(prompts, o, new Rng(3));
    return outputs.Sum(x => x.Length) / clock.Elapsed.TotalSeconds;
}
