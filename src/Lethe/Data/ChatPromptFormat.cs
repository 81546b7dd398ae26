using Lethe.Templates;
using Lethe.Tokenization;

namespace Lethe.Data;

/// <summary>
/// Questions and answers through the model's own chat template (tokenizer_config.json's <c>chat_template</c>),
/// rendered as transformers' <c>apply_chat_template</c> does. The generation prompt is [system, user(question)]
/// with <c>add_generation_prompt</c>; a training sequence is [system, user(question), assistant(answer)], cut after
/// the end-of-turn token that follows the answer, with the loss on the assistant's tokens only.
/// </summary>
/// <remarks>
/// The loss mask comes from the rendered text, never from guessed token offsets:
/// <list type="number">
/// <item>The conversation is rendered with two different placeholder answers. Their common prefix P and common
/// suffix S are the template's text around the assistant's content (the placeholders must appear once, unchanged).</item>
/// <item>Rendered with the real answer, the text must be P + A + S, where A is the answer as the template writes
/// it (e.g. trimmed). The end of turn E is S up to and including its first special token (&lt;|eot_id|&gt;,
/// &lt;|im_end|&gt;, &lt;|end|&gt;, &lt;/s&gt; ...).</item>
/// <item>The generation prompt G must be a prefix of P. The training sequence is the tokens of P + A + E. Because E
/// ends on a special token, which the tokenizer splits off before anything else, these are exactly the first
/// tokens of the whole rendering (checked). G's tokens must be the first tokens of the sequence (checked: a
/// tokenizer that merges text across the end of the prompt is an error, since the model would be trained on
/// tokens it is never prompted with). The loss starts right after G's tokens: it covers A and E.</item>
/// </list>
/// Text is encoded without the tokenizer's own special tokens, as transformers encodes a rendered chat: templates
/// write bos_token themselves, so BOS is never doubled.
/// </remarks>
public sealed class ChatPromptFormat : IPromptFormat
{
    /// <summary>The reference's Llama-3 setting.</summary>
    public const string DefaultSystemPrompt = "You are a helpful assistant.";

    /// <summary>The reference's Llama-3 setting (what Llama-3.x templates print as "Today Date").</summary>
    public const string DefaultDateString = "10 Apr 2025";

    // Private-use characters: no real text starts or ends with them, and trim/strip leave them alone. The two differ
    // in their first and last character, so the renderings differ exactly where the content goes.
    const string PlaceholderA = "\uF8F0a\uF8F1", PlaceholderB = "\uF8F2b\uF8F3", PlaceholderQuestion = "\uF8F4q\uF8F5";

    readonly ITokenizer _tokenizer;
    readonly ChatTemplate _template;
    readonly Dictionary<string, object?> _variables = new(StringComparer.Ordinal);
    int _truncated;

    /// <param name="tokenizer">The model's tokenizer; its <see cref="ITokenizer.ChatTemplate"/> is used.</param>
    /// <param name="systemPrompt">The system message of every conversation; empty for none (templates such as
    /// Gemma's refuse a system role).</param>
    /// <param name="dateString">Passed to the template as <c>date_string</c>; null or empty passes none (Llama-3.x
    /// templates then print today's date).</param>
    /// <param name="maxLength">Tokens per training sequence at most, as in <see cref="PlainPromptFormat"/>.</param>
    public ChatPromptFormat(ITokenizer tokenizer, string systemPrompt = DefaultSystemPrompt, string? dateString = DefaultDateString, int maxLength = 200)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(systemPrompt);
        _tokenizer = tokenizer;
        SystemPrompt = systemPrompt;
        DateString = string.IsNullOrEmpty(dateString) ? null : dateString;
        MaxLength = maxLength;
        string source = tokenizer.ChatTemplate
            ?? throw new LetheException("the tokenizer has no chat_template (in tokenizer_config.json or chat_template.jinja); the chat format needs one");
        try { _template = ChatTemplate.Compile(source); }
        catch (TemplateException e) { throw new LetheException($"the tokenizer's chat_template: {e.Message}", e.ExitCode, e); }

        // What transformers passes: the special-tokens map, plus the caller's extra keyword arguments.
        _variables["tools"] = null;
        _variables["documents"] = null;
        void Special(string name, string? value) { if (value is not null) _variables[name] = value; }
        Special("bos_token", tokenizer.BosToken);
        Special("eos_token", tokenizer.EosToken);
        Special("unk_token", tokenizer.UnkToken);
        Special("pad_token", tokenizer.PadToken);
        if (DateString is not null) _variables["date_string"] = DateString;

        var (_, suffix) = ContentSlot(WithSystem(ChatMessage.User(PlaceholderQuestion)));
        (_, EndOfTurnId) = EndOfTurn(suffix);
    }

    public string SystemPrompt { get; }
    public string? DateString { get; }
    public int MaxLength { get; }

    /// <summary>The special token the template writes right after an assistant's message (e.g. &lt;|eot_id|&gt;).</summary>
    public int EndOfTurnId { get; }

    public IReadOnlyList<int> StopIds => [EndOfTurnId];

    public int TruncatedAnswers => _truncated;

    /// <summary>Renders messages with the template and this format's variables (special tokens, date_string).</summary>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var variables = new Dictionary<string, object?>(_variables, StringComparer.Ordinal)
        {
            ["messages"] = messages.Select(m => new Dictionary<string, object?> { ["role"] = m.Role, ["content"] = m.Content }).ToArray(),
            ["add_generation_prompt"] = addGenerationPrompt,
        };
        try { return _template.Render(variables); }
        catch (TemplateException e)
        {
            string roles = string.Join(", ", messages.Select(m => m.Role));
            throw new LetheException($"the chat template failed on a conversation of [{roles}]: {e.Message}", e.ExitCode, e);
        }
    }

    /// <summary>The tokens of a rendered conversation (no special tokens added: the template wrote them).</summary>
    public int[] Tokens(string rendered) => _tokenizer.Encode(rendered, addSpecialTokens: false).ToArray();

    /// <summary>The generation prompt after the system message and <paramref name="turns"/> (as `lethe chat` asks).</summary>
    public int[] EncodeConversation(IReadOnlyList<ChatMessage> turns) => Tokens(Render(WithSystem([.. turns]), addGenerationPrompt: true));

    public int[] EncodePrompt(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return CheckedPrompt(Render(WithSystem(ChatMessage.User(question)), addGenerationPrompt: true), question);
    }

    public EncodedExample Encode(string question, string answer)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(answer);
        var before = WithSystem(ChatMessage.User(question));
        string generation = Render(before, addGenerationPrompt: true);
        var (prefix, suffix) = ContentSlot(before);
        string whole = Render([.. before, ChatMessage.Assistant(answer)], addGenerationPrompt: false);
        if (whole.Length < prefix.Length + suffix.Length || !whole.StartsWith(prefix, StringComparison.Ordinal) || !whole.EndsWith(suffix, StringComparison.Ordinal))
            // The question, never the answer: an error message must not carry a forget answer into a log.
            throw new LetheException($"the chat template writes the text around the answer to \"{Preview(question)}\" differently from other answers, so its place cannot be found");
        string content = whole[prefix.Length..^suffix.Length];
        if (!prefix.StartsWith(generation, StringComparison.Ordinal))
            throw new LetheException("the chat template's generation prompt (add_generation_prompt) is not the start of its rendering with the answer, " +
                                     "so a model trained on the one is not asked with the other");
        var (endOfTurn, _) = EndOfTurn(suffix);

        var prompt = CheckedPrompt(generation, question);
        var ids = Tokens(prefix + content + endOfTurn);
        var all = Tokens(whole);
        if (ids.Length > all.Length || !all.AsSpan(0, ids.Length).SequenceEqual(ids))
            throw new LetheException("the tokens of the conversation up to the end-of-turn token are not the start of the tokens of the whole conversation");
        if (ids.Length < prompt.Length || !ids.AsSpan(0, prompt.Length).SequenceEqual(prompt))
        {
            int at = 0;
            while (at < prompt.Length && at < ids.Length && ids[at] == prompt[at]) at++;
            throw new LetheException($"the chat template's generation prompt ({prompt.Length} tokens) is not a prefix of the training sequence's tokens " +
                                     $"(they differ at token {at}): the tokenizer merges text across the end of the prompt, so the model would be " +
                                     "trained on tokens it is never prompted with");
        }
        if (ids.Length > MaxLength)
        {
            Interlocked.Increment(ref _truncated);
            ids = ids[..MaxLength];
        }
        return new EncodedExample(ids, prompt.Length);
    }

    int[] CheckedPrompt(string generation, string question)
    {
        var ids = Tokens(generation);
        if (ids.Length >= MaxLength)
            throw new LetheException($"question does not fit in max_length {MaxLength} ({ids.Length} prompt tokens with the chat template): \"{Preview(question)}\"");
        return ids;
    }

    List<ChatMessage> WithSystem(params ChatMessage[] turns)
    {
        var messages = new List<ChatMessage>(turns.Length + 1);
        if (SystemPrompt.Length > 0) messages.Add(ChatMessage.System(SystemPrompt));
        messages.AddRange(turns);
        return messages;
    }

    /// <summary>The template's text before and after the content of an assistant message that follows <paramref name="before"/>.</summary>
    (string Prefix, string Suffix) ContentSlot(List<ChatMessage> before)
    {
        string a = Render([.. before, ChatMessage.Assistant(PlaceholderA)], addGenerationPrompt: false);
        string b = Render([.. before, ChatMessage.Assistant(PlaceholderB)], addGenerationPrompt: false);
        int pre = 0;
        while (pre < a.Length && pre < b.Length && a[pre] == b[pre]) pre++;
        int suf = 0;
        while (suf < a.Length - pre && suf < b.Length - pre && a[a.Length - 1 - suf] == b[b.Length - 1 - suf]) suf++;
        if (a[pre..(a.Length - suf)] != PlaceholderA || b[pre..(b.Length - suf)] != PlaceholderB)
            throw new LetheException("the chat template does not write an assistant message's content once and unchanged, so the answer's place in the text cannot be found");
        return (a[..pre], a[(a.Length - suf)..]);
    }

    /// <summary>The text after an answer up to and including the first special token, and that token's id.</summary>
    (string Text, int Id) EndOfTurn(string suffix)
    {
        foreach (int id in Tokens(suffix))
        {
            if (!_tokenizer.IsSpecial(id)) continue;
            string token = _tokenizer.IdToToken(id) ?? "";
            int at = token.Length == 0 ? -1 : suffix.IndexOf(token, StringComparison.Ordinal);
            if (at < 0) break;
            return (suffix[..(at + token.Length)], id);
        }
        throw new LetheException($"the chat template writes no special token after an assistant's message (it writes \"{Escape(suffix)}\"), " +
                                 "so there is no end-of-turn token to train and to stop generation on");
    }

    static string Preview(string s) => s.Length <= 60 ? s : s[..57] + "...";

    static string Escape(string s) => Preview(s).Replace("\n", "\\n").Replace("\r", "\\r");
}
