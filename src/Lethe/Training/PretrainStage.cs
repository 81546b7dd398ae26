using Lethe.Data;
using Lethe.IO;
using Lethe.Models;
using Lethe.Tokenization;

namespace Lethe.Training;

/// <summary>
/// Pretraining from scratch: train a byte-level BPE tokenizer on the corpus, build a small Llama, train it on the
/// corpus packed into blocks, and save both as a Hugging Face folder.
/// </summary>
public static class PretrainStage
{
    public const string EndOfText = "<|endoftext|>";
    public const string Pad = "<|pad|>";

    /// <summary>Documents of a corpus file: blocks separated by a blank line.</summary>
    public static List<string> ReadDocuments(string corpusPath)
    {
        if (!File.Exists(corpusPath)) throw new LetheException($"{corpusPath}: corpus file not found");
        string text = File.ReadAllText(corpusPath).Replace("\r\n", "\n");
        var docs = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(d => d.Trim('\n')).Where(d => d.Length > 0).ToList();
        if (docs.Count == 0) throw new LetheException($"{corpusPath}: the corpus is empty");
        return docs;
    }

    /// <summary>
    /// The corpus's own question/answer documents ("Question: …\nAnswer: …"), deduplicated by question — what the
    /// base model learned as general knowledge and refusals, replayed during fine-tuning so a small model does not
    /// overwrite it with the new facts.
    /// </summary>
    public static List<QaItem> QaDocuments(IEnumerable<string> documents, string questionTag = "Question: ", string answerTag = "Answer: ")
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var items = new List<QaItem>();
        foreach (var d in documents)
            if (ParseQaDocument(d, questionTag, answerTag) is QaItem qa && seen.Add(qa.Question)) items.Add(qa);
        return items;
    }

    /// <summary>A "Question: …\nAnswer: …" document as its pair (both trimmed, neither empty), else null.</summary>
    public static QaItem? ParseQaDocument(string document, string questionTag = "Question: ", string answerTag = "Answer: ")
    {
        var lines = document.Split('\n');
        if (lines.Length != 2 || !lines[0].StartsWith(questionTag, StringComparison.Ordinal) || !lines[1].StartsWith(answerTag, StringComparison.Ordinal))
            return null;
        string q = lines[0][questionTag.Length..].Trim(), a = lines[1][answerTag.Length..].Trim();
        return q.Length > 0 && a.Length > 0 ? new QaItem(q, a) : null;
    }

    /// <summary>A corpus document as pretraining tokens (a Q/A document as its prompt format encodes it, without the end token).</summary>
    public static IReadOnlyList<int> EncodeDocument(string document, ITokenizer tokenizer, IPromptFormat format, int eos)
    {
        if (ParseQaDocument(document) is not { } qa) return tokenizer.Encode(document, addSpecialTokens: false);
        var ids = format.Encode(qa.Question, qa.Answer!).Ids;
        return ids.Length > 0 && ids[^1] == eos ? ids[..^1] : ids;   // the packer puts the end token between documents
    }

    /// <summary>
    /// Trains the tokenizer and the model. In the plain format, question/answer documents are encoded the way the
    /// plain prompt format encodes a prompt and its answer, not as one string: a byte-level BPE joins the space after
    /// "Answer:" to the answer's first word, while a prompt ends with that space as its own token, so a model trained
    /// on the joined form answers its own prompts with noise (measured: greedy base answers were 100 % salad with the
    /// joined form). Encoded alike, the base model's refusals and general knowledge carry over to fine-tuning.
    /// </summary>
    /// <param name="documents">The corpus (plain text documents).</param>
    /// <param name="c">Schedule and shapes.</param>
    /// <param name="outDir">Where the model and tokenizer folder is written.</param>
    /// <param name="chat">When set, the tokenizer carries <see cref="ChatPretraining.Template"/> and its markers as
    /// special tokens, and the corpus's question/answer documents are trained on as conversations.</param>
    /// <param name="maxSteps">Stop after this many optimizer steps.</param>
    /// <param name="progress">Progress lines.</param>
    /// <param name="checkpoints">--save-every / --resume settings.</param>
    public static (CausalLM Model, HfTokenizer Tokenizer, MetricsLog Metrics) Run(IReadOnlyList<string> documents, PretrainConfig c,
        string outDir, ChatPretraining? chat = null, int? maxSteps = null, TextWriter? progress = null, CheckpointOptions? checkpoints = null)
    {
        c.Validate("pretrain config");
        AtomicFile.EnsureDirectory(outDir);
        var specials = new List<string> { EndOfText, Pad };
        string? chatTemplate = null;
        if (chat is not null)
        {
            specials.AddRange(ChatPretraining.SpecialTokens);
            chatTemplate = ChatPretraining.Template;
            documents = chat.RenderDocuments(documents);
        }
        var trained = BpeTrainer.Train(documents, new BpeTrainerOptions
        {
            VocabSize = c.VocabSize, SpecialTokens = specials, BosToken = EndOfText, EosToken = EndOfText, PadToken = Pad,
            AddBosToken = false, ModelMaxLength = c.MaxLength, ChatTemplate = chatTemplate,
        });
        trained.Save(outDir);
        var tokenizer = HfTokenizer.Load(outDir);
        int eos = tokenizer.EosId!.Value, pad = tokenizer.PadId!.Value;

        var config = ModelConfig.NewLlama(tokenizer.VocabSize, c.HiddenSize, c.NumHiddenLayers, c.NumAttentionHeads, c.NumKeyValueHeads,
            c.IntermediateSize, c.MaxLength, bos: eos, eos: eos, pad: pad, tieEmbeddings: true);
        var model = ModelFactory.Create(config);
        model.InitializeWeights((long)c.Seed);
        var format = new PlainPromptFormat(tokenizer) { MaxLength = c.MaxLength };
        var blocks = SupervisedRun.PackDocuments(documents.Select(d => EncodeDocument(d, tokenizer, format, eos)), eos, c.BlockSize);
        var (metrics, _) = SupervisedRun.Run(model, blocks, c, pad, "pretrain", Path.Combine(outDir, "metrics.csv"), maxSteps, progress,
            (checkpoints ?? new CheckpointOptions()) with { Folder = Path.Combine(outDir, TrainingCheckpoint.FolderName) });
        Checkpoint.Save(model, outDir);
        return (model, tokenizer, metrics);
    }
}
