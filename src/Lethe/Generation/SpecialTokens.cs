using Lethe.Models;
using Lethe.Tokenization;

namespace Lethe.Generation;

/// <summary>
/// The end-of-sequence and padding ids a model and its tokenizer agree on: config.json's eos_token_id (one or a
/// list) plus the tokenizer's EOS; padding from config, then tokenizer, then the first end token (a pad id's value
/// never changes results: padded slots are masked or unlabelled).
/// </summary>
public static class SpecialTokens
{
    public static int[] EosIds(ModelConfig config, ITokenizer? tokenizer)
        => config.EosTokenIds.Concat(tokenizer?.EosId is int e ? new[] { e } : Array.Empty<int>()).Distinct().ToArray();

    public static int PadId(ModelConfig config, ITokenizer? tokenizer)
        => config.PadTokenId ?? tokenizer?.PadId ?? EosIds(config, tokenizer).Cast<int?>().FirstOrDefault() ?? 0;
}
