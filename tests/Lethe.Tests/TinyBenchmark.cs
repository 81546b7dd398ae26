using Lethe.Data.Synth;
using Lethe.Models;
using Lethe.Tokenization;
using static TorchSharp.torch;

namespace Lethe.Tests;

/// <summary>
/// What the test fixtures that need a benchmark and a model share: a synthetic benchmark written to a folder, a BPE
/// tokenizer trained on the given texts, and an untrained tiny Llama for that tokenizer.
/// </summary>
internal static class TinyBenchmark
{
    /// <summary>
    /// Synthesises the benchmark into <paramref name="dataDir"/>. Sets one libtorch thread first: on a loaded machine
    /// (CI, or jobs sharing 2 cores) OpenMP workers spin-waiting for each other made tiny models ~15× slower, and one
    /// thread also makes the numbers independent of the core count.
    /// </summary>
    public static SynthBenchmarkData Write(string dataDir, SynthOptions options)
    {
        set_num_threads(1);
        var synth = SynthBenchmark.Generate(options);
        SynthBenchmark.Write(synth, dataDir);
        return synth;
    }

    /// <summary>Trains a byte-level BPE tokenizer on <paramref name="texts"/>, saves it in <paramref name="modelDir"/> and loads it.</summary>
    public static HfTokenizer Tokenizer(string modelDir, IEnumerable<string> texts, int vocabSize)
    {
        BpeTrainer.Train(texts, new BpeTrainerOptions { VocabSize = vocabSize }).Save(modelDir);
        return HfTokenizer.Load(modelDir);
    }

    /// <summary>A 2-layer Llama (4 heads, 2 key/value heads) for the tokenizer, initialised from <paramref name="seed"/>.</summary>
    public static CausalLM Llama(HfTokenizer tok, int hidden, int intermediate, int maxPositions, long seed)
    {
        var model = ModelFactory.Create(ModelConfig.NewLlama(tok.VocabSize, hidden, 2, 4, 2, intermediate, maxPositions, tok.BosId, tok.EosId, tok.PadId));
        model.InitializeWeights(seed);
        return model;
    }
}
