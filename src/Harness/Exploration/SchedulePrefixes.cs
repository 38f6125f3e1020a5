using Microsoft.Coyote;
using Microsoft.Coyote.SystematicTesting;

namespace Padata.Harness.Exploration;

/// <summary>
/// Cuts the tree a DFS walks at a depth of branching decisions into the prefixes that lead to its
/// subtrees (<see cref="PrefixPin"/>), in the order DFS walks them: one schedule per prefix, each
/// pinned at every branching decision (to the prefix, then to the first choice), walking the
/// prefixes like an odometer. A DFS run per prefix then explores exactly the whole DFS's schedules.
/// </summary>
internal static class SchedulePrefixes
{
    /// <summary>
    /// The prefixes of the tree cut at <paramref name="depth"/> (a schedule with fewer branching
    /// decisions gives a shorter one), or null when there are more than <paramref name="maxParts"/>,
    /// a schedule failed (the whole DFS will find and report it), or <paramref name="cancellation"/> fired.
    /// </summary>
    public static IReadOnlyList<int[]>? Cut(Scenario scenario, ExplorationBudget budget, int depth, int maxParts, CancellationToken cancellation)
    {
        if (budget.Strategy != Strategy.Dfs || budget.MemoryAccesses)
            return null;
        // Every branching decision is pinned, so the strategy never chooses: random is only a strategy that never stops by itself.
        Configuration configuration = Explorer.BaseConfiguration(budget.MaxSteps, memoryAccesses: false)
            .WithTestingIterations((uint)maxParts + 1)
            .WithRandomStrategy();
        var prefixes = new List<int[]>();
        bool done = false;
        using TestingEngine engine = TestingEngine.Create(configuration, scenario.Run);
        engine.SetLogger(Explorer.Quiet);
        Reductions.ThreadStartReduction.Install(engine, budget.Reduction);
        PrefixPin pin = PrefixPin.Install(engine, [], pinRest: true);
        engine.RegisterEndIterationCallBack(_ =>
        {
            int length = Math.Min(depth, pin.Branching.Count);
            int[] taken = [.. Enumerable.Range(0, length).Select(i => i < pin.Prefix.Length ? pin.Prefix[i] : 0)];
            prefixes.Add(taken);
            // The next prefix: the deepest decision with a choice left takes it, deeper ones start again.
            int at = length - 1;
            while (at >= 0 && taken[at] + 1 >= pin.Branching[at])
                at--;
            if (at < 0 || prefixes.Count > maxParts || cancellation.IsCancellationRequested)
            {
                done = at < 0;
                engine.Stop();
                return;
            }
            int[] next = taken[..(at + 1)];
            next[at]++;
            pin.Restart(next);
        });
        // The probes run the scenario and so write its last log: not while it is being explored elsewhere.
        ScenarioGate.Exclusively(scenario, () => { engine.Run(); return true; });
        bool failed = engine.TestReport.BugReports.Count > 0 || engine.TestReport.InternalErrors.Count > 0;
        return done && !failed && prefixes.Count <= maxParts && !cancellation.IsCancellationRequested ? prefixes : null;
    }
}
