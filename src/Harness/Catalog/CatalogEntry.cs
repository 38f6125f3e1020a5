namespace Padata.Harness.Catalog;

/// <summary>A scenario of the catalog, with the explorations a check runs on it.</summary>
/// <param name="Covers">What else the entry stands for (for example the domain shapes of its behaviour class).</param>
internal sealed record CatalogEntry(Scenario Scenario, Coverage Coverage, IReadOnlyList<ExplorationBudget> Explorations, string Covers = "")
{
    public string Name => Scenario.Name;
}
