namespace Lethe.Data.Synth;

/// <summary>A file written by <see cref="SynthBenchmark.Write(SynthOptions, string)"/>: its name, records (lines for
/// text files), size and SHA-256 (lowercase hex).</summary>
public sealed record SynthFile(string Name, int Records, long Bytes, string Sha256);
