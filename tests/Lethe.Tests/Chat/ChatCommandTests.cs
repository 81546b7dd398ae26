using System.Diagnostics;
using System.Text.Json.Nodes;
using Lethe.Data;
using Lethe.Data.Synth;
using Lethe.Evaluation;
using Lethe.IO;
using Lethe.Tokenization;
using Lethe.Unlearning;
using Xunit;

namespace Lethe.Tests.Chat;

/// <summary>`lethe chat` run as its own process with piped stdin, on a tiny model pretrained in chat format.</summary>
public class ChatCommandTests : IClassFixture<ChatModelFixture>
{
    readonly ChatModelFixture _f;

    public ChatCommandTests(ChatModelFixture f) => _f = f;

    static (int Exit, string Stdout, string Stderr) Run(string stdin, params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "lethe"))
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "chat" }.Concat(args)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void PipedLinesAreUserTurnsAndRepliesFollowTheWholeConversation()
    {
        var (exit, stdout, stderr) = Run("Hi\n\nWhat color is the sky?\n", "--model", _f.ModelDir, "--max-new-tokens", "20");
        Assert.True(exit == 0, stderr);
        var replies = stdout.TrimEnd('\n').Split('\n');
        // One reply per non-empty line, each what the library gives for the conversation so far.
        Assert.Equal(_f.LibraryReplies(["Hi", "What color is the sky?"], 20), replies);
        // The model learned its first answer and stopped at <|eot_id|>, which is not printed.
        Assert.Equal("Hello there.", replies[0]);
        Assert.DoesNotContain("<|", stdout);
    }

    [Fact]
    public void HistoryThatNoLongerFitsDropsTheOldestExchange()
    {
        // 256 positions: the first turn's prompt and 250 new tokens do not fit, so that reply gets fewer; on the second
        // turn the kept history leaves even less room and the first exchange is dropped.
        var (exit, stdout, stderr) = Run("Hi\nWho are you?\n", "--model", _f.ModelDir, "--max-new-tokens", "250");
        Assert.True(exit == 0, stderr);
        Assert.Equal(2, stdout.TrimEnd('\n').Split('\n').Length);
        Assert.Contains("oldest exchange was dropped", stderr);
    }

    [Fact]
    public void AModelWithoutAChatTemplateIsAClearErrorWithExitCode2()
    {
        using var dir = TestPaths.Temp();
        BpeTrainer.Train(["some text to learn from", "more text"], new BpeTrainerOptions { VocabSize = 300 }).Save(dir.Path);
        var (exit, stdout, stderr) = Run("Hi\n", "--model", dir.Path);
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        var lines = stderr.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.Contains("no chat_template", lines[0]);
        Assert.Contains(dir.Path, lines[0]);
    }

    [Fact]
    public void EvalCommandAsksThroughTheChatTemplate()
    {
        using var root = TestPaths.Temp();
        string data = Path.Combine(root.Path, "data"), outDir = Path.Combine(root.Path, "eval");
        SynthBenchmark.Write(SynthBenchmark.Generate(new SynthOptions { Authors = 10, PretrainEnglishBytes = 0, RefusalExamples = 0, KnowledgeRepeats = 1 }), data);
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Lethe.Cli.Program.BuildRoot().Parse(["eval", "--model", _f.ModelDir, "--data", data, "--out", outDir, "--max-new-tokens", "6",
                "--attacks", "prefill", "--format", "chat", "--system", "Be brief."])
            .Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        Assert.True(code == 0, error.ToString());
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, EvalResult.FileName)))!;
        var forget = json["sets"]!["forget"]!["items"]!.AsArray();
        Assert.NotEmpty(forget);
        // Answers are decoded without the template's markers, and the prefilling attack ran after the chat prompt.
        Assert.All(forget, item => Assert.DoesNotContain("<|", item!["generation"]!.GetValue<string>()));
        Assert.Equal(forget.Count, json["attacks"]!["prefill"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public void PmcSamplesStopAtTheEndOfTurnInChatFormat()
    {
        using var model = Checkpoint.Load(_f.ModelDir);
        var tok = HfTokenizer.Load(_f.ModelDir);
        var config = new UnlearnConfig { Format = "chat", MaxLength = 256, MaxNewTokens = 40 };
        var format = PromptFormats.Create(config, tok);
        var items = ChatModelFixture.Pairs.Select(p => new QaItem(p.Question, p.Answer)).ToList();
        var ctx = new UnlearningContext(model, tok, format, config, items[..2], items[2..], [], null);
        Assert.Contains(tok.TokenToId("<|eot_id|>")!.Value, ctx.EosIds);
        Assert.Equal(format.EncodePrompt("Hi"), ctx.ForgetPrompts[0]);
        var pmc = new PmcObjective();
        pmc.Prepare(ctx);
        // y0 is the model's own greedy answer, ended by <|eot_id|> rather than by running into the next header.
        Assert.Equal(["Hello there.", "The sky is blue."], pmc.OriginalAnswers);
    }
}
