using System.Text.Json.Nodes;

namespace Lethe;

/// <summary>
/// Reads numbers from JSON nodes whichever way they were made: parsed from text (any numeric form converts) or built
/// in code (a JsonValue holding an int will not hand out a double by itself).
/// </summary>
public static class JsonNumbers
{
    public static bool TryDouble(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue v) return false;
        if (v.TryGetValue(out double d)) { value = d; return true; }
        if (v.TryGetValue(out long l)) { value = l; return true; }
        if (v.TryGetValue(out int i)) { value = i; return true; }
        if (v.TryGetValue(out float f)) { value = f; return true; }
        return false;
    }

    public static bool TryInt(JsonNode? node, out int value)
    {
        value = 0;
        if (!TryDouble(node, out double d) || d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue) return false;
        value = (int)d;
        return true;
    }
}
