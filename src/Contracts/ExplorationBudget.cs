namespace Padata.Harness.Contracts;

/// <summary>
/// Limits of one exploration, in schedules only (repeatable, unlike a wall clock). DFS explores
/// until it runs out of schedules (exhaustive) or reaches <see cref="MaxSchedules"/> (then the run
/// counts as sampled); PCT and random sample exactly <see cref="MaxSchedules"/> schedules unless
/// one fails.
/// </summary>
/// <param name="MaxSchedules">Schedules (test iterations) at most.</param>
/// <param name="Seed">Seed of the random choices of PCT and random (DFS uses none).</param>
/// <param name="MaxSteps">Scheduling steps one schedule may take before it counts as a livelock.</param>
/// <param name="PctChangePoints">Priority change points of PCT.</param>
/// <param name="MemoryAccesses">
/// Also interleave at every field load and store of the rewritten assemblies (Coyote's
/// memory-access race checking), so unsynchronized shared state such as a counter updated
/// outside its lock can lose updates. Many more scheduling points: for sampling.
/// </param>
/// <param name="Reduction">
/// Choices DFS leaves out (the harness's thread-start reduction); only DFS without memory-access
/// interleaving may have one, since its soundness argument assumes that data-race freedom.
/// </param>
public sealed record ExplorationBudget(
    Strategy Strategy,
    uint MaxSchedules,
    uint Seed = 1,
    uint MaxSteps = 2_000,
    uint PctChangePoints = 3,
    bool MemoryAccesses = false,
    Reduction Reduction = Reduction.None)
{
    /// <summary>
    /// The budget with <paramref name="reduction"/> if it is a DFS without memory accesses (the only
    /// kind a reduction applies to), else unchanged.
    /// </summary>
    public ExplorationBudget WithDfsReduction(Reduction reduction) =>
        Strategy == Strategy.Dfs && !MemoryAccesses ? this with { Reduction = reduction } : this;

    public override string ToString() => (Strategy switch
    {
        Strategy.Dfs => Reduction switch
        {
            Reduction.None => $"dfs (≤{MaxSchedules} schedules)",
            Reduction.ThreadStarts => $"dfs, thread starts first (≤{MaxSchedules} schedules)",
            _ => $"dfs, {Reduction} (≤{MaxSchedules} schedules)",
        },
        Strategy.Pct => $"pct/{PctChangePoints} seed {Seed} ({MaxSchedules} schedules)",
        Strategy.Random => $"random seed {Seed} ({MaxSchedules} schedules)",
        Strategy.Portfolio => $"portfolio seed {Seed} ({MaxSchedules} schedules)",
        _ => throw new ArgumentOutOfRangeException(nameof(Strategy), Strategy, "unknown strategy"),
    }) + (MemoryAccesses ? " +memory accesses" : "");
}
