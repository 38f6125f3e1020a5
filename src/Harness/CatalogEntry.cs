namespace Padata.Harness;

/// <summary>How thoroughly the catalog explores an entry.</summary>
public enum Coverage
{
    /// <summary>DFS must run out of schedules; stopping at the budget is a failure of the check.</summary>
    Exhaustive,

    /// <summary>PCT and random samples with fixed seeds and counts.</summary>
    Sampled,
}

/// <summary>A scenario of the catalog, with the explorations a check runs on it.</summary>
/// <param name="Covers">What else the entry stands for (for example the domain shapes of its behaviour class).</param>
public sealed record CatalogEntry(Scenario Scenario, Coverage Coverage, IReadOnlyList<ExplorationBudget> Explorations, string Covers = "")
{
    public string Name => Scenario.Name;
}
