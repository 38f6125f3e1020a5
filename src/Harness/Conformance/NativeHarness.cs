using System.Diagnostics;

namespace Padata.Harness.Conformance;

/// <summary>
/// The conformance check (is the controlled world the real one?): the outcomes the controlled
/// exploration of an exhaustive catalog shape found, against the outcomes the same shape produces
/// natively, many times over, on the unrewritten engine. Public beside <see cref="HarnessEntry"/>
/// because it is called on the unrewritten harness, in the host's own load context, never through
/// <see cref="IHarness"/>; the explorations it compares with come from the rewritten one
/// (<see cref="ControlledHarness"/>).
/// </summary>
public sealed class NativeHarness
{
    /// <summary>
    /// The catalog entries a conformance check can take, selected by name or prefix (all when
    /// none): the exhaustive ones that run jobs (the pool scenarios run none, so have no outcome), not on a busy machine.
    /// </summary>
    /// <exception cref="ArgumentException">A filter matches no such entry.</exception>
    public IReadOnlyList<string> Scenarios(IReadOnlyList<string> filters)
    {
        var eligible = ScenarioCatalog.All.Where(Eligible).ToList();
        bool Matches(CatalogEntry e, string f) => e.Name == f || e.Name.StartsWith(f, StringComparison.Ordinal);
        string? unmatched = filters.FirstOrDefault(f => !eligible.Any(e => Matches(e, f)));
        if (unmatched is not null)
            throw new ArgumentException(
                $"No scenario for a conformance check matches '{unmatched}': it takes the exhaustive entries that run jobs "
                + "('padata-verify list' shows them: explored Exhaustive, not pool/ nor busy-machine/).", nameof(filters));
        return [.. eligible.Where(e => filters.Count == 0 || filters.Any(f => Matches(e, f))).Select(e => e.Name)];
    }

    /// <summary>
    /// Runs <paramref name="scenario"/>'s shape natively <paramref name="runs"/> times, one run after
    /// another on a thread of its own, and waits for each at most <paramref name="runBound"/>: a run
    /// still going past it stops the runs, reported with the shape, the run, the pool and the events
    /// so far (the hung threads are background threads, left behind; the runner starts no further run).
    /// </summary>
    public NativeRuns Run(string scenario, int runs, TimeSpan runBound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        Scenario shape = Entry(scenario).Scenario;
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        NativeWorld? current = null;
        Exception? error = null;
        int finished = 0;
        bool stop = false;
        var done = new SemaphoreSlim(0);
        var runner = new Thread(() =>
        {
            try
            {
                for (int i = 0; i < runs && !Volatile.Read(ref stop); i++)
                {
                    var world = new NativeWorld();
                    Volatile.Write(ref current, world);
                    world.Run(shape);
                    string outcome = world.Log.Outcome();
                    lock (outcomes)
                        outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                    Interlocked.Increment(ref finished);
                    done.Release();
                }
            }
            catch (Exception e)
            {
                error = e;
                done.Release();
            }
        }) { IsBackground = true };

        var clock = Stopwatch.StartNew();
        runner.Start();
        string? failure = null;
        for (int i = 0; i < runs && failure is null; i++)
        {
            if (!done.Wait(runBound))
            {
                failure = $"native run {Volatile.Read(ref finished) + 1} of {scenario} ({shape.Shape}) did not finish within {runBound.TotalMilliseconds:F0} ms: "
                          + (Volatile.Read(ref current)?.Engine is { } stuck ? $"{stuck.PoolAvailable} of {stuck.PoolCapacity}" : "no engine built yet, so no")
                          + " work items in the pool; events so far:\n"
                          + Volatile.Read(ref current)?.Log.Account();
            }
            else if (Volatile.Read(ref error) is { } e)
            {
                failure = $"native run {Volatile.Read(ref finished) + 1} of {scenario} ({shape.Shape}) failed: {e}\nevents:\n{Volatile.Read(ref current)?.Log.Account()}";
            }
        }
        if (failure is null && !runner.Join(runBound))
            failure = $"the native runner of {scenario} did not end within {runBound.TotalMilliseconds:F0} ms after its last run";
        // A runner still going (a hung run, or runs left after a failure) runs no further run; the
        // semaphore is left to the collector, since that runner may still release it.
        Volatile.Write(ref stop, true);
        clock.Stop();
        lock (outcomes)
            return new NativeRuns(scenario, shape.Shape, Volatile.Read(ref finished), new SortedDictionary<string, int>(outcomes, StringComparer.Ordinal),
                                  clock.Elapsed, failure);
    }

    /// <summary>
    /// The conformance check of one shape: DFS with the reduction (the catalog's, or a budget of the
    /// request's; or <paramref name="reduced"/>, that exploration done already), DFS without it when
    /// the request allows schedules for it, then the native runs.
    /// </summary>
    public ConformanceResult Check(ControlledHarness controlled, string scenario, ConformanceRequest request, ICheckProgress progress,
                                   ExplorationResult? reduced = null)
    {
        Scenario shape = Entry(scenario).Scenario;
        // By its exact name: a name is also the prefix of others' (lifetime/dispose-during-job-1-helper...).
        var check = new CheckRequest([scenario], Strategy: null, Schedules: null, Seed: null, request.ScheduleDirectory, controlled.Variant, controlled.Directory)
        {
            ExactNames = true,
        };
        if (request.ReducedSchedules is { } budget)
            check = check with { Strategy = Strategy.Dfs, Schedules = budget };
        reduced ??= controlled.Check(check, progress).Single(r => r.Scenario == scenario);
        ExplorationResult? full = request.FullSchedules == 0 ? null
            : controlled.Check(check with { Strategy = Strategy.Dfs, Schedules = request.FullSchedules, Reduction = Reduction.None }, progress)
                        .Single(r => r.Scenario == scenario);
        return new ConformanceResult(scenario, shape.Shape, reduced, full, Run(scenario, request.Runs, request.RunBound));
    }

    /// <summary>
    /// The exhaustive entries that run jobs, but not the busy-machine ones: natively the workqueue
    /// threads do get a CPU, so their outcomes lie outside that model's (docs/design.md §7.2).
    /// </summary>
    private static bool Eligible(CatalogEntry entry) =>
        entry.Coverage == Coverage.Exhaustive && entry.Scenario.RunsJobs && entry.Scenario.BusyMachineJudge is null;

    private static CatalogEntry Entry(string scenario)
    {
        CatalogEntry entry = ScenarioCatalog.Find(scenario);
        return Eligible(entry)
            ? entry
            : throw new ArgumentException($"{scenario} is not an exhaustive entry that runs jobs: it has no conformance check.", nameof(scenario));
    }
}
