using Lethe.Data;
using Lethe.Templates;

namespace Lethe.Training;

/// <summary>
/// Pretraining for the chat format: the tokenizer gets a small Llama-3-style chat template, with its markers as
/// special tokens (one id each), and the corpus's question/answer documents are written as conversations through
/// that template — so the base model learns the format, and its habit of refusing, in the form the chat prompt
/// format later asks in.
/// </summary>
public sealed record ChatPretraining
{
    public const string StartHeader = "<|start_header_id|>";
    public const string EndHeader = "<|end_header_id|>";
    public const string EndOfTurn = "<|eot_id|>";

    /// <summary>The chat markers, added to the vocabulary as special tokens.</summary>
    public static readonly IReadOnlyList<string> SpecialTokens = [StartHeader, EndHeader, EndOfTurn];

    /// <summary>
    /// Llama-3.x's layout (a system block with "Today Date", then one header + content + &lt;|eot_id|&gt; per
    /// message) with one newline after each header where Llama-3 has two. The trained tokenizer pre-tokenizes with
    /// GPT-2's pattern, which would split "\n\n" before a word differently from "\n\n" at the end of the prompt, so
    /// the prompt's tokens would not be a prefix of the training sequence's; a single newline splits the same way in
    /// both (ChatPromptFormat checks this).
    /// </summary>
    public const string Template =
        "{{- bos_token }}\n" +
        "{%- if messages[0]['role'] == 'system' %}\n" +
        "    {%- set system_message = messages[0]['content'] | trim %}\n" +
        "    {%- set messages = messages[1:] %}\n" +
        "{%- else %}\n" +
        "    {%- set system_message = '' %}\n" +
        "{%- endif %}\n" +
        "{{- '<|start_header_id|>system<|end_header_id|>\\n' }}\n" +
        "{%- if date_string is defined %}\n" +
        "    {{- 'Today Date: ' + date_string + '\\n' }}\n" +
        "{%- endif %}\n" +
        "{{- system_message + '<|eot_id|>' }}\n" +
        "{%- for message in messages %}\n" +
        "    {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n' + message['content'] | trim + '<|eot_id|>' }}\n" +
        "{%- endfor %}\n" +
        "{%- if add_generation_prompt %}\n" +
        "    {{- '<|start_header_id|>assistant<|end_header_id|>\\n' }}\n" +
        "{%- endif %}\n";

    /// <summary>The system message of the rendered conversations (empty: none), as the chat format will use it.</summary>
    public string SystemPrompt { get; init; } = ChatPromptFormat.DefaultSystemPrompt;

    /// <summary>The date_string of the rendered conversations (null or empty: none).</summary>
    public string? DateString { get; init; } = ChatPromptFormat.DefaultDateString;

    /// <summary>
    /// The documents with every "Question: …\nAnswer: …" document replaced by its conversation, rendered without
    /// BOS: packing separates documents with &lt;|endoftext|&gt;, which is also the BOS the template starts with, so
    /// each conversation is still preceded by exactly one. Other documents are unchanged.
    /// </summary>
    public List<string> RenderDocuments(IEnumerable<string> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var template = ChatTemplate.Compile(Template);
        var result = new List<string>();
        foreach (var d in documents)
        {
            if (PretrainStage.ParseQaDocument(d) is not QaItem qa) { result.Add(d); continue; }
            var messages = new List<Dictionary<string, object?>>();
            if (SystemPrompt.Length > 0) messages.Add(Message("system", SystemPrompt));
            messages.Add(Message("user", qa.Question));
            messages.Add(Message("assistant", qa.Answer!));
            var variables = new Dictionary<string, object?>
            {
                ["messages"] = messages, ["add_generation_prompt"] = false, ["bos_token"] = "", ["eos_token"] = PretrainStage.EndOfText,
            };
            if (!string.IsNullOrEmpty(DateString)) variables["date_string"] = DateString;
            result.Add(template.Render(variables));
        }
        return result;
    }

    static Dictionary<string, object?> Message(string role, string content) => new() { ["role"] = role, ["content"] = content };
}
