using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lethe.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Lethe.IO;

/// <summary>
/// Hugging Face checkpoint folders: <c>config.json</c> plus <c>model.safetensors</c>, or shards listed in
/// <c>model.safetensors.index.json</c>. Weights stored as F32, BF16 or F16 are computed in float32 by default
/// (bf16 on request). Saving writes the same layout so transformers can load the result.
/// </summary>
public static class Checkpoint
{
    public const string ConfigFile = "config.json";
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    /// <summary>transformers' default shard size for save_pretrained.</summary>
    public const long DefaultMaxShardBytes = 5L * 1000 * 1000 * 1000;

    /// <summary>Tokenizer and generation files copied along with a saved model.</summary>
    public static readonly string[] CompanionFiles =
        { "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja", "generation_config.json" };

    // Non-parameter tensors older exports carry; transformers ignores them too.
    static readonly string[] IgnorableSuffixes = { ".attn.bias", ".attn.masked_bias", ".rotary_emb.inv_freq" };

    public static CausalLM Load(string dir, ScalarType computeDType = ScalarType.Float32)
    {
        if (!Directory.Exists(dir)) throw new LetheException($"{dir}: model folder not found");
        var config = ModelConfig.Load(Path.Combine(dir, ConfigFile));
        var files = OpenWeights(dir);
        try
        {
            CheckSizeAgainstWeights(config, files);
            var model = ModelFactory.Create(config);
            model.eval();
            CopyWeights(model, files, dir);
            if (computeDType != ScalarType.Float32) model.to(computeDType);
            return model;
        }
        finally
        {
            foreach (var f in files.Distinct()) f.Dispose();
        }
    }

    /// <summary>
    /// Overwrites the parameters of an existing model with the weights saved in <paramref name="dir"/> (a training
    /// checkpoint's), keeping the tensors themselves — the optimizer holds them. Every parameter must be present
    /// with its shape; float32 weights restore bit for bit.
    /// </summary>
    public static void LoadInto(CausalLM model, string dir)
    {
        var files = OpenWeights(dir);
        try { CopyWeights(model, files, dir); }
        finally
        {
            foreach (var f in files.Distinct()) f.Dispose();
        }
    }

    static void CopyWeights(CausalLM model, List<SafeTensorsFile> files, string dir)
    {
        var config = model.Config;
        using var _ = no_grad();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, p) in model.named_parameters())
        {
            var (file, fileName) = Find(files, name, config);
            if (file is null)
                throw new LetheException($"{dir}: tensor '{name}' is missing from the checkpoint (config.json describes a {config.ModelType} model with it)");
            var entry = file[fileName];
            if (!entry.Shape.SequenceEqual(p.shape))
                throw new LetheException($"{file.Path}: tensor '{fileName}' has shape [{string.Join(", ", entry.Shape)}] but config.json implies [{string.Join(", ", p.shape)}] (vocabulary/weights mismatch?)");
            using var t = ReadFloat32(file, entry);
            p.copy_(t);
            used.Add(file.Path + "\0" + fileName);
        }
        foreach (var f in files.Distinct())
            foreach (var e in f.Entries)
            {
                if (used.Contains(f.Path + "\0" + e.Name)) continue;
                if (IgnorableSuffixes.Any(s => e.Name.EndsWith(s))) continue;
                if (config.TieWordEmbeddings && e.Name == "lm_head.weight") continue;  // tied: the embedding is used
                throw new LetheException($"{f.Path}: tensor '{LetheException.Clip(e.Name)}' is not part of a {config.ModelType} model as config.json describes it");
            }
    }

    /// <summary>
    /// Refuses a config.json that describes a model far larger than its weight files before anything is allocated:
    /// a hostile or corrupted config (vocab_size 10 million, hidden_size 1 million …) would otherwise make the model's
    /// constructor ask for terabytes. The bound counts only the matrices every supported family has (token
    /// embedding, attention projections, two MLP matrices), so a real checkpoint always passes it.
    /// </summary>
    static void CheckSizeAgainstWeights(ModelConfig c, List<SafeTensorsFile> files)
    {
        long stored = files.Distinct().SelectMany(f => f.Entries).Sum(e => e.ElementCount);
        long need;
        try
        {
            checked
            {
                long h = c.HiddenSize, attention = (long)c.NumHeads * c.HeadDim, kv = (long)c.NumKvHeads * c.HeadDim;
                long perLayer = 2 * h * c.IntermediateSize + 2 * h * attention + 2 * h * kv;
                need = (long)c.VocabSize * h + c.NumLayers * perLayer + (c.ModelType == "gpt2" ? (long)c.MaxPositions * h : 0);
            }
        }
        catch (OverflowException) { need = long.MaxValue; }
        if (need > stored)
            throw new LetheException($"{c.Source}: describes a model of at least {need:N0} parameters, but the weight files hold only {stored:N0} values (config.json and weights do not match)");
    }

    /// <summary>Checks for weights in a format Lethe refuses, and says why.</summary>
    static void RefusePickle(string dir)
    {
        var pickles = new[] { "pytorch_model.bin", "pytorch_model.bin.index.json", "model.pt", "model.pth", "model.ckpt" }
            .Select(n => Path.Combine(dir, n)).Where(File.Exists)
            .Concat(Directory.EnumerateFiles(dir, "*.pt")).Concat(Directory.EnumerateFiles(dir, "*.bin")).ToList();
        if (pickles.Count > 0)
            throw new LetheException($"{pickles[0]}: pickle checkpoints can run arbitrary code when loaded, so Lethe reads only " +
                                     "safetensors; convert it with transformers (save_pretrained(..., safe_serialization=True)).");
    }

    static List<SafeTensorsFile> OpenWeights(string dir)
    {
        string index = Path.Combine(dir, IndexFile), single = Path.Combine(dir, SingleFile);
        if (File.Exists(index)) return OpenSharded(dir, index);
        if (File.Exists(single)) return new List<SafeTensorsFile> { SafeTensorsFile.Open(single) };
        RefusePickle(dir);
        throw new LetheException($"{dir}: no weights found (expected {SingleFile} or {IndexFile})");
    }

    static List<SafeTensorsFile> OpenSharded(string dir, string indexPath)
    {
        if (new FileInfo(indexPath).Length > ModelConfig.MaxFileBytes) throw new LetheException($"{indexPath}: too large for a shard index (limit {ModelConfig.MaxFileBytes} bytes)");
        byte[] bytes = File.ReadAllBytes(indexPath);
        JsonText.Check(bytes, indexPath);
        JsonNode? node;
        try { node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false }); }
        catch (JsonException e) { throw new LetheException($"{indexPath}: not valid JSON ({LetheException.Clip(e.Message.Split('\n')[0], 300)})"); }
        if (node?["weight_map"] is not JsonObject map || map.Count == 0)
            throw new LetheException($"{indexPath}: missing or empty 'weight_map'");
        var byShard = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
        var result = new List<SafeTensorsFile>();
        try
        {
            foreach (var (tensor, shardNode) in map)
            {
                if (shardNode is not JsonValue v || !v.TryGetValue<string>(out var shard))
                    throw new LetheException($"{indexPath}: weight_map entry '{LetheException.Clip(tensor)}' is not a file name");
                if (shard.Contains('/') || shard.Contains('\\') || shard.StartsWith("."))
                    throw new LetheException($"{indexPath}: weight_map entry '{LetheException.Clip(tensor)}' names '{LetheException.Clip(shard)}', outside the model folder");
                if (!byShard.TryGetValue(shard, out var f))
                {
                    string p = Path.Combine(dir, shard);
                    if (!File.Exists(p)) throw new LetheException($"{indexPath}: shard '{LetheException.Clip(shard)}' (for tensor '{LetheException.Clip(tensor)}') does not exist");
                    f = SafeTensorsFile.Open(p);
                    byShard[shard] = f;
                }
                if (!f.Contains(tensor))
                    throw new LetheException($"{indexPath}: tensor '{LetheException.Clip(tensor)}' is mapped to '{LetheException.Clip(shard)}', which does not contain it");
            }
            // Present the shards in the order of the tensor names they hold; Find() then resolves names through the map.
            foreach (var (tensor, shardNode) in map) result.Add(byShard[shardNode!.GetValue<string>()]);
            return result;
        }
        catch
        {
            foreach (var f in byShard.Values) f.Dispose();
            throw;
        }
    }

    static (SafeTensorsFile? File, string Name) Find(List<SafeTensorsFile> files, string name, ModelConfig config)
    {
        foreach (var f in files.Distinct())
            if (f.Contains(name)) return (f, name);
        // The original openai-community/gpt2 files have the same names without the "transformer." prefix.
        if (config.ModelType == "gpt2" && name.StartsWith("transformer."))
        {
            string bare = name["transformer.".Length..];
            foreach (var f in files.Distinct())
                if (f.Contains(bare)) return (f, bare);
        }
        return (null, name);
    }

    /// <summary>Reads one tensor as float32 (BF16 and F16 widen exactly).</summary>
    static Tensor ReadFloat32(SafeTensorsFile file, SafeTensorsEntry e)
    {
        var bytes = file.ReadBytes(e.Name);
        float[] data = e.DType switch
        {
            SafeTensorsDType.F32 => MemoryMarshal.Cast<byte, float>(bytes).ToArray(),
            SafeTensorsDType.BF16 => Bf16ToFloat(bytes),
            SafeTensorsDType.F16 => MemoryMarshal.Cast<byte, Half>(bytes).ToArray().Select(h => (float)h).ToArray(),
            SafeTensorsDType.F64 => MemoryMarshal.Cast<byte, double>(bytes).ToArray().Select(d => (float)d).ToArray(),
            _ => throw new LetheException($"{file.Path}: tensor '{e.Name}' has dtype {e.DType}, not a floating-point weight"),
        };
        return tensor(data, e.Shape);
    }

    static float[] Bf16ToFloat(byte[] bytes)
    {
        var src = MemoryMarshal.Cast<byte, ushort>(bytes);
        var dst = new float[src.Length];
        var bits = MemoryMarshal.Cast<float, uint>(dst.AsSpan());
        for (int i = 0; i < src.Length; i++) bits[i] = (uint)src[i] << 16;   // bf16 is the top half of a float32
        return dst;
    }

    /// <summary>
    /// Saves config.json and the weights, sharded above <paramref name="maxShardBytes"/>. Storage dtype F32 or BF16
    /// (rounded to nearest even, as torch does). Each file is written atomically; the index last.
    /// </summary>
    public static void Save(CausalLM model, string dir, SafeTensorsDType storage = SafeTensorsDType.F32,
        long maxShardBytes = DefaultMaxShardBytes, string? companionSource = null)
    {
        if (storage is not (SafeTensorsDType.F32 or SafeTensorsDType.BF16))
            throw new ArgumentException("storage dtype must be F32 or BF16");
        AtomicFile.EnsureDirectory(dir);
        var blobs = new List<SafeTensorsBlob>();
        using (no_grad())
        {
            foreach (var (name, p) in model.named_parameters())
            {
                using var scope = NewDisposeScope();
                var t = p.detach().cpu();
                if (storage == SafeTensorsDType.BF16) t = t.to(ScalarType.BFloat16);
                float[] f = t.to(ScalarType.Float32).contiguous().data<float>().ToArray();
                byte[] bytes = storage == SafeTensorsDType.F32 ? MemoryMarshal.AsBytes(f.AsSpan()).ToArray() : FloatToBf16Bits(f);
                blobs.Add(new SafeTensorsBlob(name, storage, p.shape, bytes));
            }
        }

        var shards = new List<List<SafeTensorsBlob>> { new() };
        long size = 0;
        foreach (var b in blobs)
        {
            if (size > 0 && size + b.Data.Length > maxShardBytes) { shards.Add(new()); size = 0; }
            shards[^1].Add(b);
            size += b.Data.Length;
        }

        var config = (JsonObject)model.Config.Json.DeepClone();
        config["torch_dtype"] = storage == SafeTensorsDType.BF16 ? "bfloat16" : "float32";
        AtomicFile.WriteAllText(Path.Combine(dir, ConfigFile), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var shardNames = shards.Count == 1 ? new List<string>()
            : Enumerable.Range(1, shards.Count).Select(i => $"model-{i:D5}-of-{shards.Count:D5}.safetensors").ToList();
        // Shards left by an earlier save into this folder would be picked up by nothing, but would mislead a reader.
        foreach (var old in Directory.EnumerateFiles(dir, "model-*-of-*.safetensors"))
            if (!shardNames.Contains(Path.GetFileName(old))) File.Delete(old);

        if (shards.Count == 1)
        {
            SafeTensorsWriter.Write(Path.Combine(dir, SingleFile), shards[0]);
            DeleteIfExists(Path.Combine(dir, IndexFile));
        }
        else
        {
            var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < shards.Count; i++)
            {
                string file = shardNames[i];
                SafeTensorsWriter.Write(Path.Combine(dir, file), shards[i]);
                foreach (var b in shards[i]) weightMap[b.Name] = file;
            }
            var index = new JsonObject
            {
                ["metadata"] = new JsonObject { ["total_size"] = blobs.Sum(b => (long)b.Data.Length) },
                ["weight_map"] = new JsonObject(weightMap.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            };
            AtomicFile.WriteAllText(Path.Combine(dir, IndexFile), index.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            DeleteIfExists(Path.Combine(dir, SingleFile));
        }

        if (companionSource is not null && Path.GetFullPath(companionSource) != Path.GetFullPath(dir))
            foreach (var name in CompanionFiles)
            {
                string src = Path.Combine(companionSource, name);
                if (File.Exists(src)) AtomicFile.WriteAllBytes(Path.Combine(dir, name), File.ReadAllBytes(src));
            }
    }

    static byte[] FloatToBf16Bits(float[] f)
    {
        // Values were already rounded to bf16 by torch, so the low 16 bits are zero and truncation is exact.
        var bits = MemoryMarshal.Cast<float, uint>(f.AsSpan());
        var result = new byte[f.Length * 2];
        var dst = MemoryMarshal.Cast<byte, ushort>(result.AsSpan());
        for (int i = 0; i < bits.Length; i++) dst[i] = (ushort)(bits[i] >> 16);
        return result;
    }

    static void DeleteIfExists(string path)
    {
        if (File.Exists(path)) File.Delete(path);
    }
}
