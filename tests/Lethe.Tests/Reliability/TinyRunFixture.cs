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
        set_num_threads(1);
        Synth = SynthBenchmark.Generate(new SynthOptions { Authors = 4, PretrainEnglishBytes = 4000, RefusalExamples = 20, KnowledgeRepeats = 1 });
        DataDir = Path.Combine(_root.Path, "data");
        SynthBenchmark.Write(Synth, DataDir);
        ModelDir = Path.Combine(_root.Path, "model");
        var texts = Synth.Full.Items.SelectMany(i => new[] { i.Question, i.Answer! }).Concat(Synth.Refusals).Append("Question: Answer:");
        BpeTrainer.Train(texts, new BpeTrainerOptions { VocabSize = 400 }).Save(ModelDir);
        var tok = HfTokenizer.Load(ModelDir);
        using var model = ModelFactory.Create(ModelConfig.NewLlama(tok.VocabSize, 32, 2, 4, 2, 64, 256, tok.BosId, tok.EosId, tok.PadId));
        model.InitializeWeights(7);
        Checkpoint.Save(model, ModelDir);
    }

    public void Dispose() => _root.Dispose();
}
