namespace Lethe.Models;

/// <summary>Builds the right family for a config (weights uninitialised until loaded or initialised).</summary>
public static class ModelFactory
{
    public static CausalLM Create(ModelConfig config) => config.ModelType switch
    {
        "llama" => new LlamaForCausalLM(config),
        "qwen2" => new Qwen2ForCausalLM(config),
        "phi" => new PhiForCausalLM(config),
        "gpt2" => new Gpt2LMHeadModel(config),
        _ => throw new LetheException($"{config.Source}: unsupported model_type '{config.ModelType}'"),
    };
}
