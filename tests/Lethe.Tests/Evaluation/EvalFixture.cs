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
        // One libtorch thread: on a loaded machine (CI, or helpers sharing 2 cores) OpenMP workers spin-waiting for
        // each other made this tiny model ~15× slower; one thread also makes the numbers independent of the core count.
        set_num_threads(1);
        Synth = SynthBenchmark.Generate(new SynthOptions { Authors = 10, PretrainEnglishBytes = 0, RefusalExamples = 0, KnowledgeRepeats = 1 });
        DataDir = Path.Combine(_root.Path, "data");
        SynthBenchmark.Write(Synth, DataDir);

        ModelDir = Path.Combine(_root.Path, "model");
        var texts = Synth.Full.Items.SelectMany(i => new[] { i.Question, i.Answer!, i.ParaphrasedQuestion ?? "", i.ParaphrasedAnswer ?? "" })
            .Concat(Synth.WorldFacts.Concat(Synth.RealAuthors).SelectMany(i => new[] { i.Question, i.Answer! }))
            .Concat(Synth.Refusals).Append("Question: Answer: The answer is:");
        BpeTrainer.Train(texts, new BpeTrainerOptions { VocabSize = 600 }).Save(ModelDir);
        Tokenizer = HfTokenizer.Load(ModelDir);

        var config = ModelConfig.NewLlama(Tokenizer.VocabSize, hidden: 64, layers: 2, heads: 4, kvHeads: 2, intermediate: 128,
            maxPositions: 512, bos: Tokenizer.BosId, eos: Tokenizer.EosId, pad: Tokenizer.PadId);
        Model = ModelFactory.Create(config);
        Model.InitializeWeights(seed: 7);
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
