using System.CommandLine;
using Lethe.Data;
using Lethe.Generation;
using Lethe.Tokenization;

namespace Lethe.Cli.Commands;

/// <summary>
/// `lethe chat`: a conversation with a model through its own chat template. Each line read from stdin is a user
/// turn; the reply is printed on stdout; the whole conversation so far is the next prompt. Ends at end of input.
/// </summary>
public static class ChatCommand
{
    public static Command Create()
    {
        var model = ModelArgs.Model("Hugging Face model folder whose tokenizer carries a chat template");
        var system = new Option<string>("--system")
        {
            Description = "System prompt (\"\" for none)", DefaultValueFactory = _ => ChatPromptFormat.DefaultSystemPrompt,
        };
        var date = new Option<string>("--date-string")
        {
            Description = "The template's date_string (\"\" for none: Llama-3.x templates then print today's date)",
            DefaultValueFactory = _ => ChatPromptFormat.DefaultDateString,
        };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Tokens per reply at most", DefaultValueFactory = _ => 256 };
        var greedy = new Option<bool>("--greedy") { Description = "Greedy decoding (the default unless --temperature or --top-p is given)" };
        var temperature = new Option<double?>("--temperature") { Description = "Sampling temperature" };
        var topP = new Option<double?>("--top-p") { Description = "Nucleus sampling threshold" };
        var seed = new Option<ulong>("--seed") { Description = "Random seed for sampling", DefaultValueFactory = _ => 0 };
        var dtype = ModelArgs.DType();

        var cmd = new Command("chat", "Talk to a model through its chat template: each line of input is a user turn, each reply is printed");
        foreach (var o in new Option[] { model, system, date, maxNew, greedy, temperature, topP, seed, dtype }) cmd.Options.Add(o);
        cmd.SetAction(r =>
        {
            bool sampling = r.GetValue(temperature) is not null || r.GetValue(topP) is not null;
            if (r.GetValue(greedy) && sampling) throw new LetheException("--greedy cannot be combined with --temperature or --top-p");
            if (r.GetValue(maxNew) < 1) throw new LetheException($"--max-new-tokens must be ≥ 1 (got {r.GetValue(maxNew)})");
            string dir = r.GetValue(model)!;
            if (!File.Exists(Path.Combine(dir, "tokenizer.json")))
                throw new LetheException($"{dir}: no tokenizer.json; lethe chat needs the model's tokenizer and its chat template");
            var tokenizer = HfTokenizer.Load(dir);
            if (tokenizer.ChatTemplate is null)
                throw new LetheException($"{dir}: the tokenizer has no chat_template (in tokenizer_config.json or chat_template.jinja); " +
                                         "for a model without one use `lethe generate --prompt`");
            var lm = ModelArgs.LoadModel(dir, r.GetValue(dtype)!);
            int positions = lm.Config.MaxPositions;
            var format = new ChatPromptFormat(tokenizer, r.GetValue(system) ?? "", r.GetValue(date), maxLength: positions);
            var options = new SamplingOptions
            {
                Greedy = !sampling,
                Temperature = r.GetValue(temperature) ?? 1.0,
                TopP = r.GetValue(topP) ?? 1.0,
                EosIds = SpecialTokens.EosIds(lm.Config, tokenizer).Union(format.StopIds).ToArray(),
                PadId = SpecialTokens.PadId(lm.Config, tokenizer),
            };
            options.Validate();
            var generator = new BatchedGenerator(lm);
            var rng = new Rng(r.GetValue(seed));
            var stdout = r.InvocationConfiguration.Output;
            var stderr = r.InvocationConfiguration.Error;
            bool interactive = !Console.IsInputRedirected;
            var history = new List<ChatMessage>();
            while (true)
            {
                if (interactive) { stderr.Write("> "); stderr.Flush(); }
                string? line = Console.In.ReadLine();
                if (line is null) break;
                if (line.Trim().Length == 0) continue;
                history.Add(ChatMessage.User(line));
                var fit = Fit(format, history, positions, r.GetValue(maxNew), stderr);
                if (fit is not { } f) continue;
                var (prompt, budget) = f;
                var output = generator.Generate([prompt], options with { MaxNewTokens = budget }, rng)[0];
                string reply = tokenizer.Decode(output, skipSpecialTokens: true).Trim();
                history.Add(ChatMessage.Assistant(reply));
                stdout.WriteLine(reply);
                stdout.Flush();
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>
    /// The prompt for the conversation and the reply's token budget within the model's positions: the oldest
    /// exchanges are dropped while the prompt and a full reply do not fit; a last message that does not fit even
    /// alone is dropped with a note (null).
    /// </summary>
    static (int[] Prompt, int Budget)? Fit(ChatPromptFormat format, List<ChatMessage> history, int positions, int maxNew, TextWriter stderr)
    {
        var prompt = format.EncodeConversation(history);
        while (prompt.Length + maxNew > positions && history.Count > 2)
        {
            history.RemoveRange(0, 2);
            stderr.WriteLine($"lethe chat: the oldest exchange was dropped to fit the model's {positions} positions");
            prompt = format.EncodeConversation(history);
        }
        if (prompt.Length >= positions)
        {
            history.RemoveAt(history.Count - 1);
            stderr.WriteLine($"lethe chat: this message does not fit in the model's {positions} positions ({prompt.Length} prompt tokens); not sent");
            return null;
        }
        return (prompt, Math.Min(maxNew, positions - prompt.Length));
    }
}
