using System.CommandLine;
using Lethe.IO;
using Lethe.Models;
using static TorchSharp.torch;

namespace Lethe.Cli;

/// <summary>Options and loading shared by every command that takes --model.</summary>
public static class ModelArgs
{
    public static Option<string> Model(string description = "Hugging Face model folder (config.json + safetensors)")
        => new("--model") { Description = description, Required = true };

    public static Option<string> DType()
        => new("--dtype") { Description = "Compute dtype: float32 (default) or bfloat16", DefaultValueFactory = _ => "float32" };

    public static ScalarType ParseDType(string s) => ComputeDType.Parse(s, "--dtype");

    public static CausalLM LoadModel(string dir, string dtype = "float32")
    {
        NativeTorch.EnsureLoaded();
        return Checkpoint.Load(dir, ParseDType(dtype));
    }

    /// <summary>Parses "1 2 3" (spaces or commas) and checks every id against the vocabulary.</summary>
    public static int[] ParseIds(string text, int vocabSize, string option = "--input-ids")
    {
        var parts = text.Split(new[] { ' ', ',', '\t', '\n' }, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new LetheException($"{option} is empty");
        var ids = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ids[i]))
                throw new LetheException($"{option}: '{parts[i]}' is not a token id");
            if (ids[i] >= vocabSize)
                throw new LetheException($"{option}: token id {ids[i]} is outside the model's vocabulary (size {vocabSize})");
        }
        return ids;
    }
}
