namespace Padata.Harness.Contracts;

/// <summary>One catalog entry as <c>list</c> shows it.</summary>
/// <param name="Covers">What else the entry stands for (for example the domain shapes of its behaviour class).</param>
public sealed record ScenarioInfo(string Name, string Shape, Coverage Coverage, IReadOnlyList<ExplorationBudget> Explorations, string Covers);
