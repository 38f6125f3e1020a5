using Padata.Harness.Contracts;

namespace Padata.Verify;

/// <summary>
/// A parallel check's schedule of work: its units longest first, and the DFS of a unit too large to
/// be one piece split into parts by schedule prefix (<see cref="IHarness.SplitDfs"/>), each part a
/// piece of its own, merged back into exactly the result the whole DFS gives. How long a unit is
/// comes from Knuth's estimate for a DFS (<see cref="IHarness.EstimateDfs"/>) and from the schedule
/// budgets for samples; the estimate only orders and splits the work, the results never depend on
/// it.
/// </summary>
internal static class DfsParts
{
    /// <summary>A piece of work: a whole unit, or part <see cref="Part"/> of <see cref="Parts"/> of its DFS.</summary>
    public sealed record Piece(CheckUnit Unit, int[]? Prefix, int Part, int Parts, double Weight)
    {
        public CheckRequest Request(CheckRequest check) =>
            Prefix is null ? Unit.Request(check) : Unit.Request(check) with { Prefix = Prefix, EstimateTotals = false };

        public string Label => Prefix is null ? Unit.Scenario : $"{Unit.Scenario} [part {Part + 1}/{Parts}: {string.Join('.', Prefix)}]";
    }

    /// <summary>Parts each split DFS aims for, per job, and at most.</summary>
    private const int PartsPerJob = 4, MaxParts = 64, MaxDepth = 8;

    /// <summary>
    /// The units as pieces, longest first: a DFS whose estimate exceeds its share of the whole (the
    /// estimated schedules of every unit over <paramref name="jobs"/> twice) is split.
    /// </summary>
    public static IReadOnlyList<Piece> Plan(IReadOnlyList<CheckUnit> units, IReadOnlyList<ScenarioInfo> catalog, CheckRequest check,
                                            ControlledHarness harness, int jobs, CancellationToken stop)
    {
        var byName = catalog.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var weights = units.Select(u =>
        {
            CheckRequest request = u.Request(check);
            return harness.EstimateDfs(request, u.Scenario, stop)?.Total
                   ?? byName[u.Scenario].Explorations.Sum(e => (double)e.MaxSchedules * (e.MemoryAccesses ? 4 : 1));
        }).ToList();
        double share = weights.Sum() / (2.0 * jobs);
        var pieces = new List<Piece>();
        for (int i = 0; i < units.Count; i++)
        {
            IReadOnlyList<int[]>? prefixes = weights[i] > share ? Cut(units[i], check, harness, jobs, stop) : null;
            if (prefixes is null)
                pieces.Add(new Piece(units[i], null, 0, 1, weights[i]));
            else
                pieces.AddRange(prefixes.Select((p, k) => new Piece(units[i], p, k, prefixes.Count, weights[i] / prefixes.Count)));
        }
        // Longest first, then plan order: the last piece to start is a short one.
        return [.. pieces.OrderByDescending(p => p.Weight).ThenBy(p => p.Unit.Index).ThenBy(p => p.Part)];
    }

    /// <summary>The shallowest cut with at least <see cref="PartsPerJob"/> parts per job (null: none under <see cref="MaxParts"/>).</summary>
    private static IReadOnlyList<int[]>? Cut(CheckUnit unit, CheckRequest check, ControlledHarness harness, int jobs, CancellationToken stop)
    {
        IReadOnlyList<int[]>? best = null;
        for (int depth = 1; depth <= MaxDepth; depth++)
        {
            IReadOnlyList<int[]>? prefixes = harness.SplitDfs(unit.Request(check), unit.Scenario, depth, MaxParts, stop);
            if (prefixes is null)
                break;
            best = prefixes;
            if (prefixes.Count >= PartsPerJob * jobs)
                break;
        }
        return best is { Count: > 1 } ? best : null;
    }

    /// <summary>
    /// The parts' results, in prefix order (null: a part that did not run), as the whole DFS's:
    /// schedules and distinct outcomes summed up to and including the first part that failed (the
    /// whole DFS stops at that failure, and walks the parts in this order), that part's failure and
    /// schedule file, exhausted only if every part was. The schedule files of later failing parts are
    /// deleted: the whole DFS would not have reached them.
    /// </summary>
    public static ExplorationResult Merge(IReadOnlyList<ExplorationResult?> parts)
    {
        ExplorationResult first = parts.First(p => p is not null)!;
        var outcomes = new SortedSet<string>(StringComparer.Ordinal);
        int schedules = 0;
        TimeSpan elapsed = TimeSpan.Zero;
        bool whole = true, exhausted = true;
        ExplorationResult? failing = null;
        foreach (ExplorationResult? part in parts)
        {
            if (failing is not null)
            {
                if (part?.ScheduleFile is { } extra && File.Exists(extra))
                    File.Delete(extra);
                continue;
            }
            if (part is null)
            {
                whole = false;
                continue;
            }
            schedules += part.Schedules;
            elapsed += part.Elapsed;
            outcomes.UnionWith(part.Outcomes);
            whole &= !part.Interrupted;
            exhausted &= part.Exhausted;
            if (part.Failure is not null)
                failing = part;
        }
        return first with
        {
            Schedules = schedules,
            Exhausted = failing is null && whole && exhausted,
            Elapsed = elapsed,
            Failure = failing?.Failure,
            ScheduleFile = failing?.ScheduleFile,
            ReplayCommand = failing?.ReplayCommand,
            Outcomes = [.. outcomes],
            Interrupted = !whole,
            Estimate = null,
        };
    }

    /// <summary>
    /// Whether the merged DFS ended as the whole one would: the whole DFS also stops at its schedule
    /// budget (it counts one iteration more than the schedules it finishes), which no part saw.
    /// </summary>
    public static bool WithinBudget(ExplorationResult merged) =>
        merged.Interrupted || ((long)merged.Schedules + 1 < merged.Exploration.MaxSchedules && (merged.Failure is not null || merged.Exhausted));
}
