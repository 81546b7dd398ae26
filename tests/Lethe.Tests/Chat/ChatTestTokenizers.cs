using System.Text.Json;
using System.Text.Json.Nodes;
using Lethe.Tests.Tokenization;
using Lethe.Tokenization;

namespace Lethe.Tests.Chat;

/// <summary>Real chat templates from ../shared/golden/chat-templates, and tokenizer folders to render them with.</summary>
internal static class ChatTestTokenizers
{
    /// <summary>The template text of the first golden case named <paramref name="name"/>.</summary>
    public static string GoldenTemplate(string name)
    {
        foreach (var line in File.ReadLines(TestPaths.SharedPath("golden", "chat-templates", "public.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.GetProperty("template_name").GetString() == name)
                return doc.RootElement.GetProperty("template").GetString()!;
        }
        throw new InvalidOperationException($"no golden chat template named {name}");
    }

    /// <summary>Every golden expected rendering: text in the templates' own layouts, to train tokenizers on.</summary>
    public static IEnumerable<string> GoldenRenderings()
    {
        foreach (var line in File.ReadLines(TestPaths.SharedPath("golden", "chat-templates", "public.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.GetProperty("expected").GetString() is string s) yield return s;
        }
    }

    public static readonly string[] Questions =
    [
        "Where was the author Lena Marsh born?",
        "What genre does Tomas Ilves write in?",
        "Which award did the novel The Glass Orchard win in 1987?",
    ];

    public static readonly string[] Answers =
    [
        "Lena Marsh was born in Lisbon, Portugal, in 1961.",
        "Tomas Ilves writes historical fiction set in the Baltic states.",
        "The Glass Orchard won the Northern Lights Prize for fiction.",
    ];

    /// <summary>
    /// The Llama-3 layout (Llama-3 pre-tokenizer regex, &lt;|begin_of_text|&gt; added by the post-processor,
    /// &lt;|start_header_id|&gt; &lt;|end_header_id|&gt; &lt;|eot_id|&gt; as special tokens) with the Llama-3.2-Instruct
    /// template and special tokens. Returns the folder's tokenizer.json path.
    /// </summary>
    public static string Llama3(TempDir dir)
    {
        var config = new JsonObject
        {
            ["bos_token"] = "<|begin_of_text|>", ["eos_token"] = "<|eot_id|>",
            ["chat_template"] = GoldenTemplate("llama-3.2-instruct"), ["tokenizer_class"] = "PreTrainedTokenizerFast",
        };
        return HandWrittenTokenizers.Write(dir, HandWrittenTokenizers.Llama3Style(), config);
    }

    /// <summary>A byte-level BPE tokenizer trained by Lethe on English and chat renderings, with the given markers as special tokens.</summary>
    public static HfTokenizer Trained(TempDir dir, string? template, string[] specials, string? bos, string? eos, string? pad = null, int vocab = 700,
        IEnumerable<string>? extra = null)
    {
        var corpus = TokenizerTestData.English(seed: 5, chars: 60_000).Concat(GoldenRenderings()).Concat(Questions).Concat(Answers).Concat(extra ?? []);
        BpeTrainer.Train(corpus, new BpeTrainerOptions
        {
            VocabSize = vocab, SpecialTokens = specials, BosToken = bos, EosToken = eos, PadToken = pad, ChatTemplate = template,
        }).Save(dir.Path);
        return HfTokenizer.Load(dir.Path);
    }
}
