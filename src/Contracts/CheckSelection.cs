namespace Padata.Harness.Contracts;

/// <summary>What a check was asked to run: reports merge only when these are equal.</summary>
/// <param name="Filters">Scenario names or prefixes as typed (empty: all; in a budget run, every sampled entry).</param>
/// <param name="Strategy">--strategy, or null for the catalog's explorations.</param>
/// <param name="Schedules">--schedules, or null.</param>
/// <param name="Seed">--seed, or null.</param>
/// <param name="Reduction">The reduction replacing DFS's (--no-reduction: none), or null for the catalog's.</param>
/// <param name="BudgetSeconds">--budget in seconds, or null for a catalog check.</param>
public sealed record CheckSelection(
    IReadOnlyList<string> Filters,
    Strategy? Strategy,
    uint? Schedules,
    uint? Seed,
    Reduction? Reduction,
    double? BudgetSeconds)
{
    public bool Equivalent(CheckSelection other) =>
        Filters.SequenceEqual(other.Filters, StringComparer.Ordinal) && Strategy == other.Strategy && Schedules == other.Schedules
        && Seed == other.Seed && Reduction == other.Reduction && BudgetSeconds == other.BudgetSeconds;

    public override string ToString() =>
        (Filters.Count == 0 ? "all scenarios" : string.Join(" ", Filters))
        + (Strategy is { } s ? $" --strategy {s.ToString().ToLowerInvariant()}" : "")
        + (Schedules is { } n ? $" --schedules {n}" : "") + (Seed is { } seed ? $" --seed {seed}" : "")
        + (Reduction == Contracts.Reduction.None ? " --no-reduction" : "") + (BudgetSeconds is { } b ? $" --budget {b}s" : "");
}
