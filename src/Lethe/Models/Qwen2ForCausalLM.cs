namespace Lethe.Models;

/// <summary>
/// Qwen2ForCausalLM: Llama's architecture with biases on the query, key and value projections (not on o_proj).
/// Sliding-window attention is only used when use_sliding_window is true, which the config check refuses.
/// </summary>
public sealed class Qwen2ForCausalLM : LlamaForCausalLM
{
    public Qwen2ForCausalLM(ModelConfig config) : base(config, qkvBias: true) { }
}
