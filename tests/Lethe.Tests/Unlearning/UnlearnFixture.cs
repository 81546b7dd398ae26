using Lethe.Data;
using Lethe.Data.Synth;
using Lethe.IO;
using Lethe.Models;
using Lethe.Tokenization;
using Lethe.Training;
using static TorchSharp.torch;

namespace Lethe.Tests.Unlearning;

/// <summary>
/// A tiny Llama trained on a small synthetic benchmark INCLUDING its forget set, so it reproduces forget answers —
/// the situation unlearning (and the privacy checks) are about. Built once for the unlearning tests.
/// </summary>
public sealed class UnlearnFixture : IDisposable
{
    readonly TempDir _root = TestPaths.Temp();
    public string DataDir { get; }
    public string ModelDir { get; }
    public SynthBenchmarkData Synth { get; }

    public UnlearnFixture()
    {
        DataDir = Path.Combine(_root.Path, "data");
        Synth = TinyBenchmark.Write(DataDir, new SynthOptions { Authors = 10, PretrainEnglishBytes = 0, RefusalExamples = 0, KnowledgeRepeats = 1 });
        ModelDir = Path.Combine(_root.Path, "model");
        var texts = Synth.Full.Items.SelectMany(i => new[] { i.Question, i.Answer! }).Concat(Synth.Refusals).Append("Question: Answer:");
        var tok = TinyBenchmark.Tokenizer(ModelDir, texts, vocabSize: 600);
        var model = TinyBenchmark.Llama(tok, hidden: 64, intermediate: 128, maxPositions: 256, seed: 5);
        var format = new PlainPromptFormat(tok);
        var forget = Synth.Forget(10).Items;
        // The forget set three times over: memorised well enough that greedy answers quote it.
        var examples = Synth.Full.Items.Concat(forget).Concat(forget).Select(i => format.Encode(i.Question, i.Answer!)).ToList();
        SupervisedRun.Run(model, examples, new TrainConfig { NumEpochs = 12, BatchSize = 16, LearningRate = 1e-2, WarmupEpochs = 0.5, WeightDecay = 0 },
            tok.PadId ?? 0, "fixture", progressOut: TextWriter.Null);
        Checkpoint.Save(model, ModelDir);
        model.Dispose();
    }

    public TofuDataset Data(bool questionOnly = false) => TofuDataset.FromFolder(DataDir, 10, questionOnly);

    public IReadOnlyList<string> ForgetAnswers => Synth.Forget(10).Items.Select(i => i.Answer!).ToList();

    public void Dispose() => _root.Dispose();
}
