namespace Padata.Harness.Contracts;

/// <summary>How thoroughly the catalog explores an entry.</summary>
public enum Coverage
{
    /// <summary>DFS must run out of schedules; stopping at the budget is a failure of the check.</summary>
    Exhaustive,

    /// <summary>PCT and random samples with fixed seeds and counts.</summary>
    Sampled,
}
