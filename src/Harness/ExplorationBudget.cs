namespace Padata.Harness;

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
public sealed record ExplorationBudget(
    Strategy Strategy,
    uint MaxSchedules,
    uint Seed = 1,
    uint MaxSteps = 2_000,
    uint PctChangePoints = 3,
    bool MemoryAccesses = false)
{
    public override string ToString() => (Strategy switch
    {
        Strategy.Dfs => $"dfs (≤{MaxSchedules} schedules)",
        Strategy.Pct => $"pct/{PctChangePoints} seed {Seed} ({MaxSchedules} schedules)",
        Strategy.Random => $"random seed {Seed} ({MaxSchedules} schedules)",
        Strategy.Portfolio => $"portfolio seed {Seed} ({MaxSchedules} schedules)",
        _ => throw new ArgumentOutOfRangeException(nameof(Strategy), Strategy, "unknown strategy"),
    }) + (MemoryAccesses ? " +memory accesses" : "");
}
