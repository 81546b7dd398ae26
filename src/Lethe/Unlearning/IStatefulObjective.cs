using System.Text.Json.Nodes;

namespace Lethe.Unlearning;

/// <summary>
/// An unlearning objective that carries state from step to step (PMC's selections). Its state goes into every
/// checkpoint and comes back on resume, so the resumed run continues exactly; objectives without state (the
/// baselines) do not implement this.
/// </summary>
public interface IStatefulObjective
{
    /// <summary>The state as JSON. Under --no-ground-truth-in-logs it must hold no text that could be a forget answer.</summary>
    JsonNode SaveState();

    /// <summary>Restores a saved state, after <see cref="IUnlearningObjective.Prepare"/> has run for the same run.</summary>
    void RestoreState(UnlearningContext ctx, JsonNode state, string source);
}
