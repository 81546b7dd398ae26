using Lethe.Data;
using Lethe.Generation;
using Lethe.IO;
using Lethe.Models;
using Lethe.Tokenization;
using Lethe.Training;
using static TorchSharp.torch;

namespace Lethe.Tests.Chat;

/// <summary>
/// A tiny Llama pretrained the way `lethe pretrain --format chat` does it: a tokenizer with the small Llama-3-style
/// chat template, and a corpus whose Q/A documents are written as conversations. It learns to answer a handful of
/// questions and to end its turn with &lt;|eot_id|&gt;. Built once for the chat tests.
/// </summary>
public sealed class ChatModelFixture : IDisposable
{
    readonly TempDir _root = TestPaths.Temp();

    public static readonly (string Question, string Answer)[] Pairs =
    [
        ("Hi", "Hello there."),
        ("What color is the sky?", "The sky is blue."),
        ("Who are you?", "I am a tiny model."),
        ("Name a fruit.", "An apple is a fruit."),
    ];

    public string ModelDir { get; }

    public ChatModelFixture()
    {
        set_num_threads(1);   // tiny tensors: one thread avoids OpenMP spin-waiting on a shared machine
        ModelDir = Path.Combine(_root.Path, "model");
        var docs = Enumerable.Range(0, 40).SelectMany(_ => Pairs.Select(p => $"Question: {p.Question}\nAnswer: {p.Answer}"))
            .Append("Plain prose is left as it is.").ToList();
        var config = new PretrainConfig
        {
            VocabSize = 320, HiddenSize = 48, NumHiddenLayers = 2, NumAttentionHeads = 4, NumKeyValueHeads = 2, IntermediateSize = 96,
            BlockSize = 64, MaxLength = 256, NumEpochs = 25, BatchSize = 16, LearningRate = 1e-2, WarmupEpochs = 0.2, WeightDecay = 0, Seed = 1,
        };
        var (model, _, _) = PretrainStage.Run(docs, config, ModelDir, new ChatPretraining(), progress: TextWriter.Null);
        model.Dispose();
    }

    /// <summary>The replies `lethe chat` should give, computed here with the library: greedy, whole history as the prompt.</summary>
    public List<string> LibraryReplies(IEnumerable<string> userTurns, int maxNewTokens)
    {
        using var model = Checkpoint.Load(ModelDir);
        var tok = HfTokenizer.Load(ModelDir);
        var format = new ChatPromptFormat(tok, maxLength: model.Config.MaxPositions);
        var options = new SamplingOptions
        {
            Greedy = true, MaxNewTokens = maxNewTokens, PadId = SpecialTokens.PadId(model.Config, tok),
            EosIds = SpecialTokens.EosIds(model.Config, tok).Union(format.StopIds).ToArray(),
        };
        var history = new List<ChatMessage>();
        var replies = new List<string>();
        foreach (var turn in userTurns)
        {
            history.Add(ChatMessage.User(turn));
            var output = new BatchedGenerator(model).Generate([format.EncodeConversation(history)], options)[0];
            string reply = tok.Decode(output, skipSpecialTokens: true).Trim();
            history.Add(ChatMessage.Assistant(reply));
            replies.Add(reply);
        }
        return replies;
    }

    public void Dispose() => _root.Dispose();
}
