using System.CommandLine;
using System.Text.Json;
using static TorchSharp.torch;

namespace Lethe.Cli.Commands;

/// <summary>`lethe logits`: float32 logits at every position of a token sequence, as JSON.</summary>
public static class LogitsCommand
{
    public static Command Create()
    {
        var model = ModelArgs.Model();
        var inputIds = new Option<string>("--input-ids") { Description = "Token ids, e.g. \"1 2 3\"", Required = true };
        var dtype = ModelArgs.DType();
        var cmd = new Command("logits", "Print the logits at every position for a token sequence");
        cmd.Options.Add(model);
        cmd.Options.Add(inputIds);
        cmd.Options.Add(dtype);
        cmd.SetAction(r =>
        {
            var lm = ModelArgs.LoadModel(r.GetValue(model)!, r.GetValue(dtype)!);
            var ids = ModelArgs.ParseIds(r.GetValue(inputIds)!, lm.Config.VocabSize);
            float[][] rows;
            using (no_grad())
            {
                var logits = lm.Forward(tensor(ids.Select(i => (long)i).ToArray(), new long[] { 1, ids.Length }))[0].to(ScalarType.Float32);
                rows = Enumerable.Range(0, ids.Length).Select(t => logits[t].data<float>().ToArray()).ToArray();
            }
            r.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new { logits = rows }));
            return 0;
        });
        return cmd;
    }
}
