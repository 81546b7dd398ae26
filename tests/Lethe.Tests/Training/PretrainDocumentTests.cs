using Lethe.Data;
using Lethe.Tests.Tokenization;
using Lethe.Tokenization;
using Lethe.Training;
using Xunit;

namespace Lethe.Tests.Training;

public class PretrainDocumentTests
{
    static HfTokenizer Tokenizer(TempDir dir)
    {
        var corpus = TokenizerTestData.English(seed: 3, chars: 60_000);
        corpus.Add("Question: What is the largest hot desert in the world?\nAnswer: Sahara");
        BpeTrainer.Train(corpus, new BpeTrainerOptions
        {
            VocabSize = 500, SpecialTokens = [PretrainStage.EndOfText, PretrainStage.Pad],
            BosToken = PretrainStage.EndOfText, EosToken = PretrainStage.EndOfText, PadToken = PretrainStage.Pad,
        }).Save(dir.Path);
        return HfTokenizer.Load(dir.Path);
    }

    [Fact]
    public void Question_answer_documents_are_encoded_exactly_as_the_prompt_format_encodes_them()
    {
        using var dir = TestPaths.Temp();
        var tok = Tokenizer(dir);
        var format = new PlainPromptFormat(tok);
        int eos = tok.EosId!.Value;
        const string q = "What is the largest hot desert in the world?", a = "the Sahara";

        var ids = PretrainStage.EncodeDocument($"Question: {q}\nAnswer: {a}", tok, format, eos);

        // The base model must see its future prompt token for token, then the answer: the same ids fine-tuning uses.
        var prompt = format.EncodePrompt(q);
        Assert.Equal(prompt, ids.Take(prompt.Length));
        Assert.Equal(format.Encode(q, a).Ids[..^1], ids);
        // ... which is not what encoding the document as one string gives (the space joins the answer's first word).
        Assert.NotEqual(tok.Encode($"Question: {q}\nAnswer: {a}", addSpecialTokens: false), ids);
    }

    [Fact]
    public void Other_documents_are_encoded_as_plain_text()
    {
        using var dir = TestPaths.Temp();
        var tok = Tokenizer(dir);
        const string doc = "The winter was quiet.\nAnswer: this is not a question document";
        Assert.Equal(tok.Encode(doc, addSpecialTokens: false), PretrainStage.EncodeDocument(doc, tok, new PlainPromptFormat(tok), tok.EosId!.Value));
        Assert.Null(PretrainStage.ParseQaDocument("Question: \nAnswer: x"));
        Assert.Equal(new QaItem("Who?", "Nobody."), PretrainStage.ParseQaDocument("Question: Who?\nAnswer: Nobody."));
    }
}
