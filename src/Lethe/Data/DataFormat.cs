namespace Lethe.Data;

/// <summary>How a data file is laid out, as detected from its first bytes (never from its extension).</summary>
public enum DataFormat
{
    /// <summary>One JSON array of objects (TOFU's <c>world_facts.json</c> as found in the wild).</summary>
    JsonArray,

    /// <summary>One JSON object per line, blank lines allowed (most TOFU files, whatever their extension).</summary>
    JsonLines,

    /// <summary>Apache Parquet (starts with <c>PAR1</c>), e.g. a Hugging Face export.</summary>
    Parquet,
}
