using System.CommandLine;
using System.Text.Json;
using Lethe.Tokenization;

namespace Lethe.Cli.Commands;

/// <summary>`lethe tokenize`: the ids a model folder's tokenizer gives a text (special tokens added as configured).</summary>
public static class TokenizeCommand
{
    public static Command Create()
    {
        var model = ModelArgs.Model("Model or tokenizer folder (tokenizer.json + tokenizer_config.json)");
        var text = new Option<string>("--text") { Description = "Text to encode", Required = true };
        var noSpecial = new Option<bool>("--no-special-tokens") { Description = "Do not add BOS/EOS as the tokenizer would" };
        var cmd = new Command("tokenize", "Encode text with a model's tokenizer");
        cmd.Options.Add(model);
        cmd.Options.Add(text);
        cmd.Options.Add(noSpecial);
        cmd.SetAction(r =>
        {
            string dir = r.GetValue(model)!;
            if (!File.Exists(Path.Combine(dir, "tokenizer.json"))) throw new LetheException($"{dir}: no tokenizer.json in the folder");
            var tok = HfTokenizer.Load(dir);
            var ids = tok.Encode(r.GetValue(text)!, addSpecialTokens: !r.GetValue(noSpecial));
            r.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new { ids }));
            return 0;
        });
        return cmd;
    }
}
