using Lethe.Unlearning;
using Xunit;

namespace Lethe.Tests.Unlearning;

public class UnlearnConfigTests
{
    static string Config(string name) => Path.Combine(TestPaths.RepoRoot, "configs", name);

    [Fact]
    public void ShippedPhiConfigHasTheReferenceValues()
    {
        var c = UnlearnConfig.Load(Config("pmc-phi.yaml"));
        Assert.Equal((1.5, 0.95, 1.25, 5, 40, 0), (c.Lambda, c.TopP, c.Temperature, c.NumSamples, c.NumEpochs, c.MinLen));
        Assert.Equal((16, 4, 1e-5, 0.01, 200), (c.BatchSize, c.GradientAccumulationSteps, c.LearningRate, c.WeightDecay, c.MaxLength));
    }

    [Fact]
    public void ShippedLlama3ConfigHasTheReferenceValues()
    {
        var c = UnlearnConfig.Load(Config("pmc-llama3.yaml"));
        Assert.Equal((1.25, 0.9, 20, 30, 8, 2), (c.Lambda, c.Temperature, c.NumSamples, c.NumEpochs, c.BatchSize, c.GradientAccumulationSteps));
        Assert.Equal(("chat", "You are a helpful assistant.", "10 Apr 2025"), (c.Format, c.SystemPrompt, c.DateString));
    }

    [Fact]
    public void UnknownKeyIsAnErrorNamingFileAndLine()
    {
        using var dir = TestPaths.Temp();
        File.WriteAllText(dir.File("c.yaml"), "method: pmc\nnum_sampels: 5\n");
        var e = Assert.Throws<LetheException>(() => UnlearnConfig.Load(dir.File("c.yaml")));
        Assert.Contains("c.yaml", e.Message);
        Assert.Contains("line 2", e.Message);
        Assert.Contains("num_sampels", e.Message);
    }

    [Fact]
    public void WrongTypeAndBadValuesAreErrors()
    {
        Assert.Throws<LetheException>(() => UnlearnConfig.Parse("num_samples: many\n", "t"));
        Assert.Contains("top_p", Assert.Throws<LetheException>(() => UnlearnConfig.Parse("top_p: 1.5\n", "t")).Message);
        Assert.Contains("method", Assert.Throws<LetheException>(() => UnlearnConfig.Parse("method: forget_everything\n", "t")).Message);
    }

    [Fact]
    public void CommandLineOverridesWinOverTheFile()
    {
        var c = ConfigYaml.Load<UnlearnConfig>(Config("pmc-phi.yaml"), new[] { KeyValuePair.Create("lambda", "2.5"), KeyValuePair.Create("reward", "rouge_fluency") });
        Assert.Equal(2.5, c.Lambda);
        Assert.Equal("rouge_fluency", c.Reward);
        Assert.Equal(5, c.NumSamples);   // untouched values come from the file
        Assert.Equal("\n", c.QuestionEndTag);   // a line break in the file survives the override round trip
        var e = Assert.Throws<LetheException>(() => ConfigYaml.Load<UnlearnConfig>(null, new[] { KeyValuePair.Create("num_samples", "x") }));
        Assert.Contains("num_samples=x", e.Message);
    }

    [Fact]
    public void SerialisedConfigReadsBackUnchanged()
    {
        var c = UnlearnConfig.Parse("question_end_tag: \"\\n\"\nanswer_tag: \"A:\\t\"\nsystem_prompt: \"x: y # z\"\nlambda: 2.5\n", "t");
        Assert.Equal("\n", c.QuestionEndTag);
        var back = ConfigYaml.Deserialize<UnlearnConfig>(ConfigYaml.Serialize(c), "round trip")!;
        Assert.Equal("\n", back.QuestionEndTag);
        Assert.Equal("A:\t", back.AnswerTag);
        Assert.Equal("x: y # z", back.SystemPrompt);
        Assert.Equal(2.5, back.Lambda);
        Assert.Equal(ConfigYaml.Serialize(c), ConfigYaml.Serialize(back));
    }
}
