namespace Lethe.Tokenization;

/// <summary>
/// Text ↔ token ids, with the special tokens a Hugging Face tokenizer folder declares
/// (tokenizer.json + tokenizer_config.json).
/// </summary>
public interface ITokenizer
{
    int VocabSize { get; }
    int? BosId { get; }
    int? EosId { get; }
    int? PadId { get; }
    string? BosToken { get; }
    string? EosToken { get; }
    string? PadToken { get; }
    string? UnkToken { get; }

    /// <summary>The Jinja chat template from tokenizer_config.json (or chat_template.jinja), if any.</summary>
    string? ChatTemplate { get; }

    /// <summary>
    /// Encodes text. Special tokens written in the text (e.g. "&lt;|eot_id|&gt;") become their ids. With
    /// <paramref name="addSpecialTokens"/> the tokenizer's own post-processing applies (e.g. BOS first) — but a
    /// BOS is never doubled when the text already starts with one.
    /// </summary>
    IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true);

    /// <summary>Decodes ids to text, leaving out special tokens when <paramref name="skipSpecialTokens"/>.</summary>
    string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true);

    /// <summary>The id of a token string from the vocabulary or the added tokens, or null.</summary>
    int? TokenToId(string token);

    /// <summary>The token string of an id (vocabulary or added token), or null.</summary>
    string? IdToToken(int id);

    /// <summary>Whether the id is a special added token (BOS, EOS, chat markers such as "&lt;|eot_id|&gt;").</summary>
    bool IsSpecial(int id);
}
