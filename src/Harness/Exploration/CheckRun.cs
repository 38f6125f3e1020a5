namespace Padata.Harness.Exploration;

/// <summary>
/// The check's policy: which explorations run on each selected catalog entry, and which of them
/// must exhaust. A strategy of the user's replaces an entry's explorations but keeps what the entry
/// interleaves at (a <c>races/</c> entry without memory-access points could not find its races), and
/// its DFS keeps the thread-start reduction; a reduction of the user's replaces every DFS's. Only an
/// exhaustive entry explored by DFS must exhaust. An entry stops at its first failing exploration.
/// </summary>
internal static class CheckRun
{
    /// <summary>Schedules per entry when the user names a strategy but no count.</summary>
    private const uint DefaultSchedules = 1_000;

    public static IReadOnlyList<ExplorationResult> Run(CheckRequest request, ICheckProgress progress, CancellationToken cancellation)
    {
        var explorer = new Explorer(request.EngineVariant, request.EngineDirectory, request.ScheduleDirectory, request.Fingerprint, request.ToolVersion);
        var results = new List<ExplorationResult>();
        IReadOnlyList<CatalogEntry> entries = request.ExactNames ? [.. request.Filters.Select(ScenarioCatalog.Find)] : ScenarioCatalog.Select(request.Filters);
        foreach (CatalogEntry entry in entries)
        {
            // Keeping a passing schedule stops the exploration there: it is for looking at, not a verdict on exhaustion.
            bool mustExhaust = entry.Coverage == Coverage.Exhaustive && request.Strategy is null or Strategy.Dfs && request.KeepSchedule is null;
            foreach (ExplorationBudget budget in Explorations(entry, request))
            {
                // Interrupted: what finished is reported, nothing more starts.
                if (cancellation.IsCancellationRequested)
                    return results;
                progress.Exploring(entry.Name, budget);
                ExplorationResult result = explorer.Explore(entry.Scenario, budget, (schedules, elapsed, estimate) => progress.Running(entry.Name, budget, schedules, elapsed, estimate),
                                                                    cancellation, request.KeepSchedule, request.EstimateTotals, request.Prefix)
                                           with { MustExhaust = mustExhaust };
                results.Add(result);
                progress.Explored(result);
                if (result.Failure is not null)
                    break;
            }
        }
        return results;
    }

    /// <summary>
    /// The one DFS an entry's check runs, if that is all it runs and it can be split into parts
    /// (<see cref="PrefixPin"/>): an exhaustive entry, the catalog's explorations, no memory accesses,
    /// no schedule to keep, and no busy-machine model: its reducer narrows the schedules DFS walks, and
    /// prefixes cut without it pinned parts to schedules outside the model (a 1-schedule entry explored
    /// as 8 parts of 1).
    /// </summary>
    public static (CatalogEntry Entry, ExplorationBudget Dfs)? SplittableDfs(CheckRequest request, string scenario)
    {
        CatalogEntry entry = ScenarioCatalog.Find(scenario);
        if (entry.Coverage != Coverage.Exhaustive || request.Strategy is not null || request.KeepSchedule is not null
            || entry.Scenario.BusyMachineJudge is not null)
            return null;
        IReadOnlyList<ExplorationBudget> explorations = Explorations(entry, request);
        return explorations is [{ Strategy: Strategy.Dfs, MemoryAccesses: false } dfs] ? (entry, dfs) : null;
    }

    private static IReadOnlyList<ExplorationBudget> Explorations(CatalogEntry entry, CheckRequest request)
    {
        bool memoryAccesses = entry.Explorations.Any(e => e.MemoryAccesses);
        IReadOnlyList<ExplorationBudget> explorations =
            request.Strategy is { } strategy
                ? [new ExplorationBudget(strategy, request.Schedules ?? DefaultSchedules, request.Seed ?? 1, MemoryAccesses: memoryAccesses)
                       .WithDfsReduction(Reduction.ThreadStarts)]
                : entry.Explorations;
        return request.Reduction is { } reduction ? [.. explorations.Select(b => b.WithDfsReduction(reduction))] : explorations;
    }
}
