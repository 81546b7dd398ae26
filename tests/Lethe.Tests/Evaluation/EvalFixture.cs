using Lethe.Data;
using Lethe.Data.Synth;
using Lethe.IO;
using Lethe.Models;
using Lethe.Tokenization;
using Lethe.Training;
using static TorchSharp.torch;

namespace Lethe.Tests.Evaluation;

/// <summary>
/// A small synthetic benchmark (10 authors, forget10 = one author), a BPE tokenizer trained on its text, and a tiny
/// Llama briefly trained on everything except the forget set: it answers in the benchmark's phrasing (so ROUGE
/// scores are not all zero) but has never seen a forget answer (so none can leak into a file by memorisation).
/// Built once for the evaluation tests.
/// </summary>
public sealed class EvalFixture : IDisposable
{
    readonly TempDir _root = TestPaths.Temp();

    public string DataDir { get; }
    public string ModelDir { get; }
    public HfTokenizer Tokenizer { get; }
    public CausalLM Model { get; }
    public SynthBenchmarkData Synth { get; }

    public EvalFixture()
    {
        DataDir = Path.Combine(_root.Path, "data");
        Synth = TinyBenchmark.Write(DataDir, new SynthOptions { Authors = 10, PretrainEnglishBytes = 0, RefusalExamples = 0, KnowledgeRepeats = 1 });

        ModelDir = Path.Combine(_root.Path, "model");
        var texts = Synth.Full.Items.SelectMany(i => new[] { i.Question, i.Answer!, i.ParaphrasedQuestion ?? "", i.ParaphrasedAnswer ?? "" })
            .Concat(Synth.WorldFacts.Concat(Synth.RealAuthors).SelectMany(i => new[] { i.Question, i.Answer! }))
            .Concat(Synth.Refusals).Append("Question: Answer: The answer is:");
        Tokenizer = TinyBenchmark.Tokenizer(ModelDir, texts, vocabSize: 600);
        Model = TinyBenchmark.Llama(Tokenizer, hidden: 64, intermediate: 128, maxPositions: 512, seed: 7);
        Train();
        Model.eval();
        Checkpoint.Save(Model, ModelDir);
    }

    public TofuDataset Data(bool questionOnly = false) => TofuDataset.FromFolder(DataDir, 10, questionOnly);

    public PlainPromptFormat Format() => new(Tokenizer);

    void Train()
    {
        var format = Format();
        var forget = Synth.Forget(10).Items.Select(i => i.Question).ToHashSet();
        var examples = Synth.Full.Items.Where(i => !forget.Contains(i.Question))
            .Concat(Synth.WorldFacts).Concat(Synth.RealAuthors)
            .Select(i => format.Encode(i.Question, i.Answer!)).ToList();
        const int steps = 150, batch = 16;
        using var trainer = new Trainer(Model, new TrainerOptions { LearningRate = 1e-2, WarmupSteps = 10, TotalSteps = steps, WeightDecay = 0 });
        var rng = new Rng(3);
        for (int s = 0; s < steps; s++)
        {
            var picked = Enumerable.Range(0, batch).Select(_ => examples[rng.NextInt(examples.Count)]).ToList();
            trainer.TrainStep(_ =>
            {
                var b = TokenBatch.Collate(picked, Tokenizer.PadId ?? 0);
                var loss = TokenLoss.Mean(Model.Forward(b.InputIds), b.Labels);
                return new MicroBatchLoss(loss, new Dictionary<string, Tensor> { ["loss"] = loss });
            });
        }
    }

    public void Dispose()
    {
        Model.Dispose();
        _root.Dispose();
    }
}
