namespace Lethe.Training;

/// <summary>Settings of a supervised stage (fine-tuning; pretraining adds the model's shape), reference names.</summary>
public class TrainConfig
{
    public int NumEpochs { get; set; } = 5;
    public int BatchSize { get; set; } = 16;
    public int GradientAccumulationSteps { get; set; } = 1;
    public double LearningRate { get; set; } = 1e-5;
    public double WeightDecay { get; set; } = 0.01;
    public int MaxLength { get; set; } = 200;
    public double WarmupEpochs { get; set; } = 1;
    public double MaxGradNorm { get; set; } = 1.0;
    public ulong Seed { get; set; } = 42;
    /// <summary>Compute dtype: float32, or bfloat16 (weights converted; TorchSharp has no autocast).</summary>
    public string Dtype { get; set; } = "float32";
    /// <summary>
    /// bf16 mixed precision (transformers' <c>bf16</c> training argument): float32 weights and optimizer, matrix
    /// products of each training step in bfloat16 (<see cref="Models.Autocast"/>). Needs dtype float32.
    /// </summary>
    public bool Bf16 { get; set; }
    /// <summary>
    /// Question/answer fine-tuning only: batches of similar length (transformers' <c>group_by_length</c>), so less
    /// of each batch is padding. The data order is still fixed by (seed, epoch); see <see cref="LengthGrouping"/>.
    /// </summary>
    public bool GroupByLength { get; set; }

    public virtual void Validate(string source)
    {
        void Check(bool ok, string what) { if (!ok) throw new LetheException($"{source}: {what}"); }
        Check(NumEpochs >= 1, "num_epochs must be ≥ 1");
        Check(BatchSize >= 1, "batch_size must be ≥ 1");
        Check(GradientAccumulationSteps >= 1, "gradient_accumulation_steps must be ≥ 1");
        Check(LearningRate > 0, "learning_rate must be > 0");
        Check(WeightDecay >= 0, "weight_decay must be ≥ 0");
        Check(MaxLength >= 8, "max_length must be ≥ 8");
        Check(WarmupEpochs >= 0, "warmup_epochs must be ≥ 0");
        Check(Dtype is "float32" or "bfloat16", $"dtype '{Dtype}' must be float32 or bfloat16");
        Check(!(Bf16 && Dtype == "bfloat16"), "bf16 (mixed precision) keeps float32 weights; with dtype bfloat16 the weights are already bfloat16 — set one or the other");
    }

    /// <summary>The trainer's autocast dtype: bfloat16 under <see cref="Bf16"/>, else none (a method: configs are serialized property by property).</summary>
    public TorchSharp.torch.ScalarType? AutocastDType() => Bf16 ? TorchSharp.torch.ScalarType.BFloat16 : null;
}

/// <summary>Fine-tuning settings: the schedule plus replay of the base model's own question/answer documents.</summary>
public sealed class FinetuneConfig : TrainConfig
{
    /// <summary>Refusal pairs from the pretraining corpus replayed alongside its knowledge pairs (0 with no corpus).</summary>
    public int ReplayRefusals { get; set; }
}

/// <summary>Pretraining a small Llama from scratch: the schedule plus the model's and tokenizer's shape.</summary>
public sealed class PretrainConfig : TrainConfig
{
    public int VocabSize { get; set; } = 4096;
    public int HiddenSize { get; set; } = 256;
    public int NumHiddenLayers { get; set; } = 4;
    public int NumAttentionHeads { get; set; } = 4;
    public int NumKeyValueHeads { get; set; } = 4;
    public int IntermediateSize { get; set; } = 688;
    /// <summary>Tokens per training sequence (documents are packed end to end, separated by EOS).</summary>
    public int BlockSize { get; set; } = 128;

    public override void Validate(string source)
    {
        base.Validate(source);
        void Check(bool ok, string what) { if (!ok) throw new LetheException($"{source}: {what}"); }
        Check(VocabSize >= 300, "vocab_size must be ≥ 300 (256 bytes + special tokens + merges)");
        Check(HiddenSize >= 8 && HiddenSize % NumAttentionHeads == 0, "hidden_size must be a multiple of num_attention_heads");
        Check(NumAttentionHeads % NumKeyValueHeads == 0, "num_key_value_heads must divide num_attention_heads");
        Check(NumHiddenLayers >= 1, "num_hidden_layers must be ≥ 1");
        Check(BlockSize >= 8 && BlockSize <= MaxLength, "block_size must be in [8, max_length]");
        Check(!GroupByLength, "group_by_length applies to question/answer fine-tuning; pretraining blocks all have block_size tokens");
    }
}
