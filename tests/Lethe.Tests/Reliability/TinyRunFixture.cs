using Lethe.Data.Synth;
using Lethe.IO;
using Lethe.Models;
using Lethe.Tokenization;
using static TorchSharp.torch;

namespace Lethe.Tests.Reliability;

/// <summary>
/// A small synthetic benchmark (4 authors, a short pretraining corpus) and an untrained tiny Llama with its
/// tokenizer: enough for the training commands to run a few dozen steps in seconds. What the model says does not
/// matter here — only that a run interrupted and resumed ends exactly where an uninterrupted one does.
/// </summary>
public sealed class TinyRunFixture : IDisposable
{
    readonly TempDir _root = TestPaths.Temp();
    public string DataDir { get; }
    public string ModelDir { get; }
    public SynthBenchmarkData Synth { get; }

    public TinyRunFixture()
    {
        DataDir = Path.Combine(_root.Path, "data");
        Synth = TinyBenchmark.Write(DataDir, new SynthOptions { Authors = 4, PretrainEnglishBytes = 4000, RefusalExamples = 20, KnowledgeRepeats = 1 });
        ModelDir = Path.Combine(_root.Path, "model");
        var texts = Synth.Full.Items.SelectMany(i => new[] { i.Question, i.Answer! }).Concat(Synth.Refusals).Append("Question: Answer:");
        var tok = TinyBenchmark.Tokenizer(ModelDir, texts, vocabSize: 400);
        using var model = TinyBenchmark.Llama(tok, hidden: 32, intermediate: 64, maxPositions: 256, seed: 7);
        Checkpoint.Save(model, ModelDir);
    }

    public void Dispose() => _root.Dispose();
}
