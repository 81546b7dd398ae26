using Lethe.Data;
using Lethe.Tests.Tokenization;
using Lethe.Tokenization;
using Lethe.Training;
using Lethe.Unlearning;
using Xunit;
using static Lethe.Tests.Chat.ChatTestTokenizers;

namespace Lethe.Tests.Chat;

/// <summary>
/// The chat prompt format on real templates: the loss covers exactly the answer's tokens and the end-of-turn token,
/// the generation prompt is the start of every training sequence, and BOS is never doubled.
/// </summary>
public class ChatPromptFormatTests
{
    /// <summary>
    /// The assistant-only mask of an encoded example, checked against an independent expectation: the tokens after
    /// the prompt are the answer tokenized on its own, then the end-of-turn token; everything before is the prompt.
    /// </summary>
    static void AssertAssistantOnlyMask(ChatPromptFormat format, HfTokenizer tok, string question, string answer, string endOfTurn)
    {
        var example = format.Encode(question, answer);
        var prompt = format.EncodePrompt(question);
        int eot = tok.TokenToId(endOfTurn)!.Value;
        Assert.Equal(prompt, example.Ids[..example.LossStart]);
        Assert.Equal([.. tok.Encode(answer, addSpecialTokens: false), eot], example.Ids[example.LossStart..]);
        Assert.Equal([eot], format.StopIds);
        // The labels a training batch gets: the answer and end-of-turn positions, nothing else.
        using var batch = TokenBatch.Collate([example], padId: 0);
        var labels = batch.Labels.data<long>().ToArray();
        var expected = example.Ids.Select((id, i) => i >= example.LossStart ? id : TokenBatch.Ignore).ToArray();
        Assert.Equal(expected, labels);
        // The prompt's tokens are exactly the rendered generation prompt.
        var messages = new List<ChatMessage>();
        if (format.SystemPrompt.Length > 0) messages.Add(ChatMessage.System(format.SystemPrompt));
        messages.Add(ChatMessage.User(question));
        Assert.Equal(format.Render(messages, addGenerationPrompt: true), tok.Decode(prompt, skipSpecialTokens: false));
    }

    [SharedFact]
    public void Llama32TemplateMasksExactlyTheAnswerAndEotWithOneBos()
    {
        using var dir = TestPaths.Temp();
        string tokenizerJson = Llama3(dir);
        var tok = HfTokenizer.Load(dir.Path);
        Assert.Equal([tok.BosId!.Value], tok.SpecialPrefixIds);   // this tokenizer adds BOS itself when asked to
        // Its vocabulary is mostly single bytes: room for the long Llama-3.2 system header.
        var format = new ChatPromptFormat(tok, maxLength: 1000);

        for (int i = 0; i < Questions.Length; i++) AssertAssistantOnlyMask(format, tok, Questions[i], Answers[i], "<|eot_id|>");

        var example = format.Encode(Questions[0], Answers[0]);
        // The template writes <|begin_of_text|>; encoding adds none of its own.
        Assert.Equal(tok.BosId, example.Ids[0]);
        Assert.Single(example.Ids, id => id == tok.BosId);
        Assert.Single(format.EncodePrompt(Questions[0]), id => id == tok.BosId);
        string prompt = tok.Decode(format.EncodePrompt(Questions[0]), skipSpecialTokens: false);
        Assert.StartsWith("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 10 Apr 2025\n\nYou are a helpful assistant.<|eot_id|>", prompt);
        Assert.EndsWith("<|start_header_id|>assistant<|end_header_id|>\n\n", prompt);

        // The Rust tokenizers library, on the whole rendering, gives the same ids (after the second BOS it adds).
        using var hf = new HfReference(tokenizerJson);
        string whole = format.Render([ChatMessage.System(ChatPromptFormat.DefaultSystemPrompt), ChatMessage.User(Questions[0]), ChatMessage.Assistant(Answers[0])], false);
        var reference = hf.Encode(whole);
        Assert.Equal([tok.BosId.Value, tok.BosId.Value], reference[..2]);
        Assert.Equal(reference[1..], example.Ids);
    }

    public static TheoryData<string, string[], string?, string?, string, string> OtherTemplates => new()
    {
        // template, special tokens, bos, eos, system prompt, end of turn
        { "qwen2.5-instruct", ["<|endoftext|>", "<|im_start|>", "<|im_end|>"], null, "<|im_end|>", ChatPromptFormat.DefaultSystemPrompt, "<|im_end|>" },
        { "smollm2-instruct", ["<|endoftext|>", "<|im_start|>", "<|im_end|>"], "<|im_start|>", "<|im_end|>", "", "<|im_end|>" },
        { "phi-3.5-mini-instruct", ["<|endoftext|>", "<s>", "<|system|>", "<|user|>", "<|assistant|>", "<|end|>"], "<s>", "<|endoftext|>", ChatPromptFormat.DefaultSystemPrompt, "<|end|>" },
        { "zephyr-7b-beta", ["<unk>", "<s>", "</s>"], "<s>", "</s>", ChatPromptFormat.DefaultSystemPrompt, "</s>" },
        { "gemma-2-it", ["<pad>", "<eos>", "<bos>", "<unk>", "<start_of_turn>", "<end_of_turn>"], "<bos>", "<eos>", "", "<end_of_turn>" },
        { "mistral-7b-instruct-v0.1", ["<unk>", "<s>", "</s>"], "<s>", "</s>", "", "</s>" },
    };

    [SharedTheory]
    [MemberData(nameof(OtherTemplates))]
    public void OtherRealTemplatesMaskExactlyTheAnswerAndTheEndOfTurn(string name, string[] specials, string? bos, string? eos, string system, string endOfTurn)
    {
        using var dir = TestPaths.Temp();
        var tok = Trained(dir, GoldenTemplate(name), specials, bos, eos);
        var format = new ChatPromptFormat(tok, system);
        for (int i = 0; i < Questions.Length; i++) AssertAssistantOnlyMask(format, tok, Questions[i], Answers[i], endOfTurn);
        // Never two BOS in a row at the start, whether or not the template writes one.
        var ids = format.Encode(Questions[0], Answers[0]).Ids;
        Assert.False(tok.BosId is int b && ids[0] == b && ids[1] == b);
    }

    [SharedFact]
    public void ChatMlSequenceStopsAfterImEndWithoutTheTrailingNewline()
    {
        using var dir = TestPaths.Temp();
        var tok = Trained(dir, GoldenTemplate("qwen2.5-instruct"), ["<|endoftext|>", "<|im_start|>", "<|im_end|>"], null, "<|im_end|>");
        var format = new ChatPromptFormat(tok);
        var example = format.Encode(Questions[1], Answers[1]);
        string whole = format.Render([ChatMessage.System(format.SystemPrompt), ChatMessage.User(Questions[1]), ChatMessage.Assistant(Answers[1])], false);
        Assert.EndsWith("<|im_end|>\n", whole);
        var all = format.Tokens(whole);
        Assert.Equal(all[..example.Ids.Length], example.Ids);
        Assert.Equal("\n", tok.Decode(all[example.Ids.Length..], skipSpecialTokens: false));
    }

    [SharedFact]
    public void ATokenizerThatMergesAcrossThePromptsEndIsRefused()
    {
        // Llama-3's "\n\n" before the answer, tokenized with GPT-2's pattern: "\n\n" at the end of the prompt is one
        // piece (merged into one token), but before a word it splits into "\n" + "\n". Training would then use tokens
        // the model is never prompted with.
        using var dir = TestPaths.Temp();
        var tok = Trained(dir, GoldenTemplate("llama-3.2-instruct"),
            ["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"], "<|begin_of_text|>", "<|eot_id|>",
            extra: Enumerable.Repeat("A paragraph ends here.\n\n", 20));
        Assert.Single(tok.Encode("\n\n", addSpecialTokens: false));
        var format = new ChatPromptFormat(tok);
        var e = Assert.Throws<LetheException>(() => format.Encode(Questions[0], Answers[0]));
        Assert.Contains("not a prefix", e.Message);
        Assert.Contains("merges text across the end of the prompt", e.Message);
    }

    [Fact]
    public void TheDemoTemplateMasksTheAnswerAndEotAndMatchesItsPretrainingDocuments()
    {
        using var dir = TestPaths.Temp();
        var tok = SmallChatTokenizer(dir);
        var format = new ChatPromptFormat(tok);
        for (int i = 0; i < Questions.Length; i++) AssertAssistantOnlyMask(format, tok, Questions[i], Answers[i], ChatPretraining.EndOfTurn);
        Assert.Equal("<|endoftext|><|start_header_id|>system<|end_header_id|>\nToday Date: 10 Apr 2025\nYou are a helpful assistant.<|eot_id|>" +
                     "<|start_header_id|>user<|end_header_id|>\nWhere was the author Lena Marsh born?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n",
            tok.Decode(format.EncodePrompt(Questions[0]), skipSpecialTokens: false));

        // Pretraining writes a Q/A document as the same conversation the chat format trains on (its BOS is the
        // packing separator); other documents stay as they are.
        var docs = new ChatPretraining().RenderDocuments([PlainQa(Questions[0], Answers[0]), "Plain prose stays prose.", "Question: only a question"]);
        Assert.Equal(format.Encode(Questions[0], Answers[0]).Ids, tok.Encode(PretrainStage.EndOfText + docs[0], addSpecialTokens: false));
        Assert.Equal(["Plain prose stays prose.", "Question: only a question"], docs[1..]);
        // Markers are single special tokens.
        foreach (var marker in ChatPretraining.SpecialTokens)
        {
            var ids = tok.Encode(marker, addSpecialTokens: false);
            Assert.Single(ids);
            Assert.True(tok.IsSpecial(ids[0]));
        }
    }

    [Fact]
    public void SystemPromptAndDateStringAreTheConfiguredOnesAndMayBeLeftOut()
    {
        using var dir = TestPaths.Temp();
        var tok = SmallChatTokenizer(dir);
        string Prompt(ChatPromptFormat f) => tok.Decode(f.EncodePrompt("Q?"), skipSpecialTokens: false);
        Assert.Contains("Today Date: 1 Jan 2030\nBe brief.<|eot_id|>", Prompt(new ChatPromptFormat(tok, "Be brief.", "1 Jan 2030")));
        Assert.Equal("<|endoftext|><|start_header_id|>system<|end_header_id|>\n<|eot_id|><|start_header_id|>user<|end_header_id|>\nQ?<|eot_id|>" +
                     "<|start_header_id|>assistant<|end_header_id|>\n", Prompt(new ChatPromptFormat(tok, "", "")));

        var config = UnlearnConfig.Parse("format: chat\nsystem_prompt: Be brief.\ndate_string: 1 Jan 2030\nmax_length: 64\n", "test.yaml");
        var fromConfig = Assert.IsType<ChatPromptFormat>(PromptFormats.Create(config, tok));
        Assert.Equal(("Be brief.", "1 Jan 2030", 64), (fromConfig.SystemPrompt, fromConfig.DateString, fromConfig.MaxLength));
        var defaults = Assert.IsType<ChatPromptFormat>(PromptFormats.Create(UnlearnConfig.Parse("format: chat\n", "test.yaml"), tok));
        Assert.Equal(("You are a helpful assistant.", "10 Apr 2025"), (defaults.SystemPrompt, defaults.DateString));
    }

    [Fact]
    public void LongAnswersAreCutAndCountedAndTooLongQuestionsAreErrors()
    {
        using var dir = TestPaths.Temp();
        var tok = SmallChatTokenizer(dir);
        var format = new ChatPromptFormat(tok, maxLength: 120);
        int promptLength = format.EncodePrompt("Who?").Length;
        Assert.InRange(promptLength, 20, 100);
        var cut = format.Encode("Who?", string.Join(" ", Enumerable.Repeat("a long answer", 60)));
        Assert.Equal(120, cut.Ids.Length);
        Assert.Equal(promptLength, cut.LossStart);
        Assert.Equal(1, format.TruncatedAnswers);
        format.Encode("Who?", "Short.");
        Assert.Equal(1, format.TruncatedAnswers);
        var e = Assert.Throws<LetheException>(() => format.EncodePrompt(string.Join(" ", Enumerable.Repeat("why", 120))));
        Assert.Contains("max_length 120", e.Message);
    }

    [Fact]
    public void TemplatesThatCannotBeMaskedAreClearErrors()
    {
        using (var dir = TestPaths.Temp())
        {
            var tok = Trained(dir, null, ["<|endoftext|>"], "<|endoftext|>", "<|endoftext|>", vocab: 300);
            var e = Assert.Throws<LetheException>(() => new ChatPromptFormat(tok));
            Assert.Contains("no chat_template", e.Message);
        }
        var cases = new[]
        {
            ("{% for m in messages %}[{{ m.role }}] {{ m.content }}\n{% endfor %}{% if add_generation_prompt %}[assistant] {% endif %}", "no special token after an assistant's message"),
            ("{% for m in messages %}<|im_start|>{{ m.content }}{{ m.content }}<|im_end|>{% endfor %}", "once and unchanged"),
            ("{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>{% endfor %}{% if add_generation_prompt %}<|im_start|>bot\n{% endif %}", "generation prompt"),
            ("{{ raise_exception('System role not supported') }}", "System role not supported"),
        };
        foreach (var (template, message) in cases)
        {
            using var dir = TestPaths.Temp();
            var tok = Trained(dir, template, ["<|endoftext|>", "<|im_start|>", "<|im_end|>"], null, "<|im_end|>", vocab: 300);
            var e = Record.Exception(() => new ChatPromptFormat(tok).Encode("Q?", "A."));
            Assert.True(e is LetheException, $"{template}: {e}");
            Assert.Contains(message, e!.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    [Fact]
    public void ATemplateThatChangesAroundSomeAnswersIsRefusedWithoutQuotingTheAnswer()
    {
        using var dir = TestPaths.Temp();
        var tok = Trained(dir, "{% for m in messages %}{% if 'secret' in m.content %}[classified]{% endif %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>{% endfor %}" +
                               "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}", ["<|endoftext|>", "<|im_start|>", "<|im_end|>"], null, "<|im_end|>", vocab: 300);
        var format = new ChatPromptFormat(tok);
        Assert.Equal(format.EncodePrompt("Q?"), format.Encode("Q?", "A plain answer.").Ids[..format.EncodePrompt("Q?").Length]);
        var e = Assert.Throws<LetheException>(() => format.Encode("Who knows?", "The secret is 42."));
        Assert.Contains("differently from other answers", e.Message);
        Assert.Contains("Who knows?", e.Message);
        Assert.DoesNotContain("42", e.Message);
    }

    static string PlainQa(string q, string a) => "Question: " + q + "\nAnswer: " + a;

    /// <summary>The tokenizer `lethe pretrain --format chat` writes: ChatPretraining's template and markers.</summary>
    internal static HfTokenizer SmallChatTokenizer(TempDir dir)
    {
        var corpus = TokenizerTestData.English(seed: 3, chars: 40_000).Concat(Questions).Concat(Answers)
            .Concat(new ChatPretraining().RenderDocuments(Questions.Zip(Answers, PlainQa)));
        BpeTrainer.Train(corpus, new BpeTrainerOptions
        {
            VocabSize = 600, SpecialTokens = [PretrainStage.EndOfText, PretrainStage.Pad, .. ChatPretraining.SpecialTokens],
            BosToken = PretrainStage.EndOfText, EosToken = PretrainStage.EndOfText, PadToken = PretrainStage.Pad, ChatTemplate = ChatPretraining.Template,
        }).Save(dir.Path);
        return HfTokenizer.Load(dir.Path);
    }
}
