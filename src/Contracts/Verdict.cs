namespace Padata.Harness.Contracts;

/// <summary>What one exploration concluded.</summary>
public enum Verdict
{
    /// <summary>Every explored schedule satisfied every property (and, where required, every schedule was explored).</summary>
    Pass,

    /// <summary>A schedule broke a property.</summary>
    Fail,

    /// <summary>Exhaustion was required but the budget ran out first, or the exploration was interrupted.</summary>
    Incomplete,
}
