using System.Text;
using System.Text.Json.Nodes;
using Lethe.IO;
using Lethe.Models;
using Lethe.Tests.Tokenization;
using Lethe.Tokenization;
using Xunit;

namespace Lethe.Tests.Reliability.Fuzz;

/// <summary>One test per kind of bug the fuzzer found, so each fix stays fixed whatever the fuzzer's seeds become.</summary>
public class FuzzFindingTests
{
    static LetheException Refused(Action load, string path)
    {
        var e = Assert.Throws<LetheException>(load);
        Assert.Contains(path, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.True(e.Message.Length < 1000, e.Message);
        return e;
    }

    static string TokenizerFolder(TempDir dir, string configJson)
    {
        HandWrittenTokenizers.Write(dir, HandWrittenTokenizers.SentencePiece());
        File.WriteAllBytes(dir.File("tokenizer_config.json"), Encoding.UTF8.GetBytes(configJson));
        return dir.File("tokenizer_config.json");
    }

    [Fact]
    public void InvalidUtf8InsideAStringIsRefusedAtLoad()
    {
        using var dir = TestPaths.Temp();
        string path = TokenizerFolder(dir, "{\"eos_token\": \"</s>\"}");
        var bytes = File.ReadAllBytes(path);
        bytes[Array.IndexOf(bytes, (byte)'/')] = 0xC0;   // an overlong-encoding lead byte inside the string
        File.WriteAllBytes(path, bytes);
        Assert.Contains("not valid UTF-8", Refused(() => HfTokenizer.Load(dir.Path), path).Message);
    }

    [Fact]
    public void UnpairedSurrogateEscapeIsRefusedAtLoad()
    {
        using var dir = TestPaths.Temp();
        string path = TokenizerFolder(dir, "{\"pad_token\": \"\\uD800\"}");
        Assert.Contains("unpaired surrogate", Refused(() => HfTokenizer.Load(dir.Path), path).Message);
        // A proper pair is text, and loads.
        TokenizerFolder(dir, "{\"pad_token\": \"\\uD83D\\uDE00\", \"eos_token\": \"</s>\"}");
        HfTokenizer.Load(dir.Path);
    }

    [Fact]
    public void DuplicateKeyInConfigJsonIsRefused()
    {
        using var dir = TestPaths.Temp();
        string path = dir.File("config.json");
        var json = ModelConfig.NewLlama(300, 8, 1, 2, 1, 16, 32, 0, 0, 1).Json.ToJsonString();
        File.WriteAllText(path, json.Replace("\"vocab_size\":300", "\"vocab_size\":300,\"vocab_size\":9"));
        Refused(() => ModelConfig.Load(path), path);
    }

    [Fact]
    public void ConfigDescribingAHugeModelIsRefusedBeforeAnythingIsAllocated()
    {
        using var dir = TestPaths.Temp();
        using (var m = ModelFactory.Create(ModelConfig.NewLlama(300, 8, 1, 2, 1, 16, 32, 0, 0, 1))) Checkpoint.Save(m, dir.Path);
        var config = JsonNode.Parse(File.ReadAllText(dir.File("config.json")))!.AsObject();
        config["vocab_size"] = 9_000_000;
        config["hidden_size"] = 8_000_000;   // ≈ 7·10¹³ parameters: terabytes, if anything tried to allocate them
        config["head_dim"] = 4_000_000;
        File.WriteAllText(dir.File("config.json"), config.ToJsonString());
        var e = Refused(() => Checkpoint.Load(dir.Path), dir.File("config.json"));
        Assert.Contains("weight files hold only", e.Message);
    }

    [Fact]
    public void ThousandMemberPreTokenizerSequenceIsRefused()
    {
        using var dir = TestPaths.Temp();
        var tok = HandWrittenTokenizers.Llama3Style();
        var pre = tok["pre_tokenizer"]!["pretokenizers"]!.AsArray();
        for (int i = 0; i < 1000; i++) pre.Add(pre[1]!.DeepClone());
        string path = HandWrittenTokenizers.Write(dir, tok);
        Assert.Contains("more than the 64", Refused(() => HfTokenizer.Load(dir.Path), path).Message);
    }

    [Fact]
    public void FileValuesInMessagesAreClippedAndOnOneLine()
    {
        using var dir = TestPaths.Temp();
        var tok = HandWrittenTokenizers.SentencePiece();
        tok["model"]!["merges"]!.AsArray()[3] = "line one\nline two " + new string('x', 100_000);
        string path = HandWrittenTokenizers.Write(dir, tok);
        var e = Refused(() => HfTokenizer.Load(dir.Path), path);
        Assert.Contains("line one\\nline two", e.Message);
        Assert.Contains("more characters", e.Message);
    }
}
