using System.CommandLine;
using System.Text.Json;
using Lethe.Generation;
using Lethe.Tokenization;

namespace Lethe.Cli.Commands;

/// <summary>`lethe generate`: continue a prompt, greedily or by sampling.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var model = ModelArgs.Model();
        var prompt = new Option<string?>("--prompt") { Description = "Prompt text (needs tokenizer.json in the model folder)" };
        var inputIds = new Option<string?>("--input-ids") { Description = "Prompt as token ids, e.g. \"1 2 3\"" };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Tokens to generate at most", DefaultValueFactory = _ => 64 };
        var greedy = new Option<bool>("--greedy") { Description = "Greedy decoding (the default unless a sampling option is given)" };
        var temperature = new Option<double?>("--temperature") { Description = "Sampling temperature" };
        var topP = new Option<double?>("--top-p") { Description = "Nucleus sampling threshold" };
        var topK = new Option<int?>("--top-k") { Description = "Keep only the K most likely tokens" };
        var seed = new Option<ulong>("--seed") { Description = "Random seed for sampling", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print {\"input_ids\", \"output_ids\", \"text\"} as one JSON object" };
        var noStop = new Option<bool>("--ignore-eos") { Description = "Do not stop at the end-of-sequence token" };
        var dtype = ModelArgs.DType();

        var cmd = new Command("generate", "Generate a continuation of a prompt");
        foreach (var o in new Option[] { model, prompt, inputIds, maxNew, greedy, temperature, topP, topK, seed, json, noStop, dtype })
            cmd.Options.Add(o);
        cmd.SetAction(r =>
        {
            string dir = r.GetValue(model)!;
            string? text = r.GetValue(prompt), ids = r.GetValue(inputIds);
            if ((text is null) == (ids is null)) throw new LetheException("give exactly one of --prompt and --input-ids");
            bool sample = !r.GetValue(greedy) && (r.GetValue(temperature) is not null || r.GetValue(topP) is not null || r.GetValue(topK) is not null);
            if (r.GetValue(greedy) && (r.GetValue(temperature) is not null || r.GetValue(topP) is not null || r.GetValue(topK) is not null))
                throw new LetheException("--greedy cannot be combined with --temperature, --top-p or --top-k");

            var lm = ModelArgs.LoadModel(dir, r.GetValue(dtype)!);
            ITokenizer? tok = File.Exists(Path.Combine(dir, "tokenizer.json")) ? HfTokenizer.Load(dir) : null;
            int[] promptIds;
            if (text is not null)
            {
                if (tok is null) throw new LetheException($"{dir}: --prompt needs tokenizer.json in the model folder; use --input-ids instead");
                promptIds = tok.Encode(text).ToArray();
            }
            else promptIds = ModelArgs.ParseIds(ids!, lm.Config.VocabSize);

            var eos = r.GetValue(noStop) ? Array.Empty<int>()
                : SpecialTokens.EosIds(lm.Config, tok);
            var options = new SamplingOptions
            {
                MaxNewTokens = r.GetValue(maxNew),
                Greedy = !sample,
                Temperature = r.GetValue(temperature) ?? 1.0,
                TopP = r.GetValue(topP) ?? 1.0,
                TopK = r.GetValue(topK) ?? 0,
                EosIds = eos,
                PadId = SpecialTokens.PadId(lm.Config, tok),
            };
            var output = new BatchedGenerator(lm).Generate(new[] { promptIds }, options, new Rng(r.GetValue(seed)))[0];
            string? decoded = tok?.Decode(output, skipSpecialTokens: true);
            var stdout = r.InvocationConfiguration.Output;
            if (r.GetValue(json))
                stdout.WriteLine(JsonSerializer.Serialize(new { input_ids = promptIds, output_ids = output, text = decoded }));
            else
                stdout.WriteLine(decoded ?? string.Join(' ', output));
            return 0;
        });
        return cmd;
    }
}
