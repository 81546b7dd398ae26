namespace Lethe.Models;

/// <summary>Builds the right family for a config (weights uninitialised until loaded or initialised).</summary>
public static class ModelFactory
{
    /// <summary>
    /// A model may be built while a dispose scope is open (e.g. a reference model loaded lazily inside a training
    /// step); its parameters must outlive that scope, so they are detached from it.
    /// </summary>
    public static CausalLM Create(ModelConfig config)
    {
        var model = Build(config);
        foreach (var p in model.parameters()) p.DetachFromDisposeScope();
        return model;
    }

    static CausalLM Build(ModelConfig config) => config.ModelType switch
    {
        "llama" => new LlamaForCausalLM(config),
        "qwen2" => new Qwen2ForCausalLM(config),
        "phi" => new PhiForCausalLM(config),
        "gpt2" => new Gpt2LMHeadModel(config),
        _ => throw new LetheException($"{config.Source}: unsupported model_type '{config.ModelType}'"),
    };
}
