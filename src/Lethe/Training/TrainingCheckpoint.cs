using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lethe.IO;
using Lethe.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Lethe.Training;

/// <summary>
/// A training checkpoint, shared by pretraining, fine-tuning and unlearning: one folder
/// <c>&lt;out&gt;/checkpoints/step-NNNNNNNN</c> holding everything the rest of the run depends on —
/// <list type="bullet">
/// <item><c>config.json</c> + <c>model.safetensors</c>: the weights (float32, a loadable Hugging Face folder);</item>
/// <item><c>optimizer.safetensors</c>: AdamW's two moments and step count per parameter, and libtorch's RNG state;</item>
/// <item><c>metrics.csv</c>: the metrics of every step so far;</item>
/// <item><c>objective.json</c>: the unlearning objective's own state (PMC's selections), when it has one;</item>
/// <item><c>generations.jsonl</c>: the generations log so far, when the run keeps one;</item>
/// <item><c>checkpoint.json</c>, written last: the step, the schedule, the run's fingerprint and the SHA-256 of
/// every other file.</item>
/// </list>
/// The learning-rate schedule is a function of the step; the data order and every .NET random draw are derived
/// from (seed, purpose, step, micro-batch) (<see cref="StepRandom"/>), so the step number is their whole state.
/// A checkpoint is written under a temporary name in the same folder and renamed when complete; the previous one
/// is deleted only after that, so a kill at any instant leaves at least one complete checkpoint.
/// </summary>
public sealed class TrainingCheckpoint
{
    public const string FolderName = "checkpoints";
    public const string StateFile = "checkpoint.json";
    public const string OptimizerFile = "optimizer.safetensors";
    public const string MetricsFile = "metrics.csv";
    public const string ObjectiveFile = "objective.json";
    public const string GenerationsFile = "generations.jsonl";
    const string Format = "lethe-training-checkpoint";
    const int Version = 1;
    const string StepPrefix = "step-";
    const string TorchRngTensor = "torch.rng_state";
    const long MaxStateBytes = 16 << 20;

    /// <summary>The checkpoint's folder.</summary>
    public string Path { get; }

    /// <summary>Optimizer steps completed when it was written.</summary>
    public int Step { get; }

    public int TotalSteps { get; }

    public RunFingerprint Fingerprint { get; }

    TrainingCheckpoint(string path, int step, int totalSteps, RunFingerprint fingerprint)
    {
        Path = path;
        Step = step;
        TotalSteps = totalSteps;
        Fingerprint = fingerprint;
    }

    /// <summary>What a run hands over to be saved.</summary>
    public sealed record Contents(RunFingerprint Fingerprint, int Step, int TotalSteps, CausalLM Model, Trainer Trainer, MetricsLog Metrics)
    {
        /// <summary>The objective's own state (see <c>IStatefulObjective</c>), or null.</summary>
        public JsonNode? ObjectiveState { get; init; }

        /// <summary>A file to keep as generations.jsonl (the log so far), or null.</summary>
        public string? GenerationsLog { get; init; }
    }

    /// <summary>Writes a checkpoint into <paramref name="folder"/> and returns its path; older ones are removed after.</summary>
    public static string Save(string folder, Contents c)
    {
        string name = StepPrefix + c.Step.ToString("D8", CultureInfo.InvariantCulture);
        string final = System.IO.Path.Combine(folder, name);
        string tmp = System.IO.Path.Combine(folder, $".{name}.{Environment.ProcessId}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            RemoveLeftovers(folder);
            Directory.CreateDirectory(tmp);
            Checkpoint.Save(c.Model, tmp);
            SafeTensorsWriter.Write(System.IO.Path.Combine(tmp, OptimizerFile), OptimizerBlobs(c.Trainer));
            c.Metrics.WriteTo(System.IO.Path.Combine(tmp, MetricsFile));
            if (c.ObjectiveState is not null)
                AtomicFile.WriteAllText(System.IO.Path.Combine(tmp, ObjectiveFile), c.ObjectiveState.ToJsonString() + "\n");
            if (c.GenerationsLog is not null)
                AtomicFile.Write(System.IO.Path.Combine(tmp, GenerationsFile), s =>
                {
                    // The run's own writer still has the log open (flushed): share it.
                    using var src = new FileStream(c.GenerationsLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                    src.CopyTo(s);
                });

            var files = new JsonObject();
            foreach (var f in Directory.GetFiles(tmp).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal))
                files[f!] = Sha256(System.IO.Path.Combine(tmp, f!));
            var state = new JsonObject
            {
                ["format"] = Format,
                ["version"] = Version,
                ["step"] = c.Step,
                ["total_steps"] = c.TotalSteps,
                ["fingerprint"] = new JsonObject
                {
                    ["kind"] = c.Fingerprint.Kind, ["config"] = c.Fingerprint.Config, ["data"] = c.Fingerprint.Data, ["model"] = c.Fingerprint.Model,
                },
                ["rng"] = "libtorch: optimizer.safetensors/" + TorchRngTensor + "; .NET: derived from (seed, purpose, step, micro-batch), so the step is the state",
                ["files"] = files,
            };
            AtomicFile.WriteAllText(System.IO.Path.Combine(tmp, StateFile), state.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

            if (Directory.Exists(final)) Discard(final);   // a resumed run writing the same step again
            Directory.Move(tmp, final);
        }
        catch (Exception e) when (AtomicFile.IsWriteFailure(e) || e is LetheException)   // writes are all a save does
        {
            TryDelete(tmp);
            throw new LetheException($"{final}: cannot write the checkpoint ({(e as LetheException)?.Message ?? e.Message.ReplaceLineEndings(" ").Trim()}); the previous checkpoint is intact", 2, e);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
        // Only now, with the new one complete under its real name, do older checkpoints go.
        foreach (var (_, path) in StepFolders(folder))
            if (path != final) Discard(path);
        return final;
    }

    /// <summary>
    /// The last complete checkpoint under <paramref name="dir"/>: a run's output folder, its checkpoints folder or
    /// one checkpoint folder. A damaged newer checkpoint is reported on <paramref name="log"/> and skipped.
    /// </summary>
    public static TrainingCheckpoint FindLatest(string dir, TextWriter? log = null)
    {
        if (!Directory.Exists(dir)) throw new LetheException($"{dir}: --resume folder not found");
        List<string> candidates;
        if (File.Exists(System.IO.Path.Combine(dir, StateFile))) candidates = new() { dir };
        else
        {
            string folder = Directory.Exists(System.IO.Path.Combine(dir, FolderName)) ? System.IO.Path.Combine(dir, FolderName) : dir;
            candidates = StepFolders(folder).OrderByDescending(s => s.Step).Select(s => s.Path).ToList();
        }
        if (candidates.Count == 0)
            throw new LetheException($"{dir}: no checkpoint to resume from (expected {FolderName}/{StepPrefix}NNNNNNNN folders written by --save-every)");
        LetheException? newest = null;
        foreach (var c in candidates)
        {
            try { return Open(c); }
            catch (LetheException e)
            {
                newest ??= e;
                log?.WriteLine($"resume: skipping {c}: {e.Message}");
            }
        }
        throw newest!;
    }

    /// <summary>Reads and verifies one checkpoint folder: its state file, and every file against its SHA-256.</summary>
    public static TrainingCheckpoint Open(string path)
    {
        string statePath = System.IO.Path.Combine(path, StateFile);
        if (!File.Exists(statePath)) throw new LetheException($"{path}: not a complete checkpoint ({StateFile} is missing)");
        JsonObject state;
        try
        {
            if (new FileInfo(statePath).Length > MaxStateBytes) throw new LetheException($"{statePath}: too large for a checkpoint state file");
            var bytes = File.ReadAllBytes(statePath);
            JsonText.Check(bytes, statePath);
            state = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 8 }) as JsonObject
                    ?? throw new LetheException($"{statePath}: not a JSON object");
        }
        catch (JsonException e) { throw new LetheException($"{statePath}: not valid JSON ({e.Message.Split('\n')[0]})"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LetheException($"{statePath}: cannot read ({e.Message.Split('\n')[0].Trim()})", 2, e);
        }

        string Str(JsonNode? n, string field) => n is JsonValue v && v.TryGetValue(out string? s)
            ? s : throw new LetheException($"{statePath}: field '{field}' is missing or not a string");
        int Int(string field) => JsonNumbers.TryInt(state[field], out int i) && i >= 0
            ? i : throw new LetheException($"{statePath}: field '{field}' is missing or not a non-negative integer");

        if (Str(state["format"], "format") != Format) throw new LetheException($"{statePath}: not a Lethe training checkpoint");
        if (Int("version") != Version) throw new LetheException($"{statePath}: checkpoint format version {state["version"]} is not {Version}, the one this Lethe reads");
        int step = Int("step"), total = Int("total_steps");
        if (step > total) throw new LetheException($"{statePath}: step {step} is past the schedule's {total} steps");
        var fp = state["fingerprint"] as JsonObject ?? throw new LetheException($"{statePath}: field 'fingerprint' is missing");
        var fingerprint = new RunFingerprint(Str(fp["kind"], "fingerprint.kind"), Str(fp["config"], "fingerprint.config"),
            Str(fp["data"], "fingerprint.data"), Str(fp["model"], "fingerprint.model"));
        var files = state["files"] as JsonObject ?? throw new LetheException($"{statePath}: field 'files' is missing");
        foreach (var required in new[] { Checkpoint.ConfigFile, OptimizerFile, MetricsFile })
            if (!files.ContainsKey(required)) throw new LetheException($"{statePath}: lists no {required}");
        foreach (var (file, hash) in files)
        {
            if (file.Contains('/') || file.Contains('\\') || file.StartsWith('.'))
                throw new LetheException($"{statePath}: file name '{file}' is outside the checkpoint folder");
            string p = System.IO.Path.Combine(path, file);
            if (!File.Exists(p)) throw new LetheException($"{p}: missing from the checkpoint");
            if (Sha256(p) != Str(hash, $"files.{file}"))
                throw new LetheException($"{p}: damaged (its SHA-256 does not match {StateFile})");
        }
        return new TrainingCheckpoint(path, step, total, fingerprint);
    }

    /// <summary>Refuses to continue a run other than the one that wrote this checkpoint.</summary>
    public void Check(RunFingerprint current, int totalSteps)
    {
        if (Fingerprint.Difference(current) is string why)
            throw new LetheException($"{Path}: cannot resume from this checkpoint: {why}; resume with the same settings, data and model, or start a new output folder");
        if (TotalSteps != totalSteps)
            throw new LetheException($"{Path}: cannot resume from this checkpoint: its schedule has {TotalSteps} steps, this run's {totalSteps}");
    }

    /// <summary>Restores the weights, the optimizer's moments and step counts, the schedule's step and libtorch's RNG.</summary>
    public void RestoreInto(CausalLM model, Trainer trainer)
    {
        Checkpoint.LoadInto(model, Path);
        string path = System.IO.Path.Combine(Path, OptimizerFile);
        using var file = SafeTensorsFile.Open(path);
        using (no_grad())
        {
            foreach (var (name, state) in trainer.OptimizerStates())
            {
                CopyMoment(file, $"{name}.exp_avg", state.exp_avg);
                CopyMoment(file, $"{name}.exp_avg_sq", state.exp_avg_sq);
                var stepEntry = Entry(file, $"{name}.step", SafeTensorsDType.I64, new long[] { 1 });
                state.step = BitConverter.ToInt64(file.ReadBytes(stepEntry.Name));
            }
        }
        var rng = Entry(file, TorchRngTensor, SafeTensorsDType.U8, null);
        using (var t = tensor(file.ReadBytes(rng.Name), ScalarType.Byte)) torch.random.set_rng_state(t);
        trainer.RestoreStep(Step);
    }

    /// <summary>The metrics of the steps so far, continuing into <paramref name="outputPath"/>.</summary>
    public MetricsLog Metrics(string? outputPath) => MetricsLog.FromCsv(System.IO.Path.Combine(Path, MetricsFile), outputPath);

    /// <summary>The objective's saved state, or null when the objective had none.</summary>
    public JsonNode? ObjectiveState()
    {
        string p = System.IO.Path.Combine(Path, ObjectiveFile);
        if (!File.Exists(p)) return null;
        try { return JsonNode.Parse(File.ReadAllBytes(p), documentOptions: new JsonDocumentOptions { MaxDepth = 16 }); }
        catch (JsonException e) { throw new LetheException($"{p}: not valid JSON ({e.Message.Split('\n')[0]})"); }
    }

    /// <summary>The generations log saved with the checkpoint, or null.</summary>
    public string? GenerationsLog
    {
        get
        {
            string p = System.IO.Path.Combine(Path, GenerationsFile);
            return File.Exists(p) ? p : null;
        }
    }

    static List<SafeTensorsBlob> OptimizerBlobs(Trainer trainer)
    {
        var blobs = new List<SafeTensorsBlob>();
        using (no_grad())
        {
            foreach (var (name, state) in trainer.OptimizerStates())
            {
                blobs.Add(Float32Blob($"{name}.exp_avg", state.exp_avg));
                blobs.Add(Float32Blob($"{name}.exp_avg_sq", state.exp_avg_sq));
                blobs.Add(new SafeTensorsBlob($"{name}.step", SafeTensorsDType.I64, new long[] { 1 }, BitConverter.GetBytes(state.step)));
            }
        }
        using var rng = torch.random.get_rng_state();
        var rngBytes = rng.data<byte>().ToArray();
        blobs.Add(new SafeTensorsBlob(TorchRngTensor, SafeTensorsDType.U8, new long[] { rngBytes.Length }, rngBytes));
        return blobs;
    }

    /// <summary>Moments are saved as float32 whatever the compute dtype: bfloat16 widens exactly and narrows back exactly.</summary>
    static SafeTensorsBlob Float32Blob(string name, Tensor t)
    {
        using var scope = NewDisposeScope();
        var f = t.detach().cpu().to(ScalarType.Float32).contiguous().data<float>().ToArray();
        return new SafeTensorsBlob(name, SafeTensorsDType.F32, t.shape, MemoryMarshal.AsBytes(f.AsSpan()).ToArray());
    }

    static void CopyMoment(SafeTensorsFile file, string name, Tensor target)
    {
        var e = Entry(file, name, SafeTensorsDType.F32, target.shape);
        var data = MemoryMarshal.Cast<byte, float>(file.ReadBytes(e.Name)).ToArray();
        using var t = tensor(data, e.Shape);
        target.copy_(t);
    }

    static SafeTensorsEntry Entry(SafeTensorsFile file, string name, SafeTensorsDType dtype, long[]? shape)
    {
        if (!file.Contains(name)) throw new LetheException($"{file.Path}: tensor '{name}' is missing (the checkpoint is from a different model or optimizer)");
        var e = file[name];
        if (e.DType != dtype || (shape is not null && !e.Shape.SequenceEqual(shape)) || (shape is null && e.Shape.Length != 1))
            throw new LetheException($"{file.Path}: tensor '{name}' is {e.DType} [{string.Join(", ", e.Shape)}], expected {dtype}" +
                                     (shape is null ? "" : $" [{string.Join(", ", shape)}]"));
        return e;
    }

    static IEnumerable<(int Step, string Path)> StepFolders(string folder)
    {
        if (!Directory.Exists(folder)) yield break;
        foreach (var d in Directory.GetDirectories(folder, StepPrefix + "*"))
            if (int.TryParse(System.IO.Path.GetFileName(d)[StepPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int step))
                yield return (step, d);
    }

    /// <summary>Temporary and half-deleted folders left by a run that was killed while saving (one run per folder).</summary>
    static void RemoveLeftovers(string folder)
    {
        foreach (var d in Directory.GetDirectories(folder, "." + StepPrefix + "*")) TryDelete(d);
    }

    /// <summary>Renamed first (one atomic step), then deleted: a kill mid-delete leaves no partial step folder.</summary>
    static void Discard(string dir)
    {
        string trash = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(dir)!, $".{System.IO.Path.GetFileName(dir)}.trash.{Guid.NewGuid():N}");
        Directory.Move(dir, trash);
        TryDelete(trash);
    }

    static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }
}
