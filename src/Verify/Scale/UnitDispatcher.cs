using Padata.Harness.Contracts;

namespace Padata.Verify;

/// <summary>
/// Runs a plan's units: with one job in this process, one after another, as a check always did;
/// with more, each job a <c>check-worker</c> process taking the next unit when it is free. The
/// results come back in plan order whatever order the units finished in, and each unit's results
/// are the same either way (a unit is independent of where and after what it runs). Stopping
/// (Ctrl-C, --timeout) ends every running unit after its current schedule and starts no more; a
/// budget's deadline starts no more units but lets the running ones finish, so every sample
/// reported is whole.
/// </summary>
internal static class UnitDispatcher
{
    /// <param name="Ran">The units that ran (wholly, or until stopped) with their results, in plan order.</param>
    /// <param name="NotStarted">This shard's units that never started (none in a budget run, which has no end).</param>
    public sealed record Outcome(IReadOnlyList<(CheckUnit Unit, IReadOnlyList<ExplorationResult> Results)> Ran, IReadOnlyList<CheckUnit> NotStarted)
    {
        public IReadOnlyList<CheckUnit> Run => [.. Ran.Select(r => r.Unit)];

        /// <summary>Every exploration's result, in plan order.</summary>
        public IReadOnlyList<ExplorationResult> Results => [.. Ran.SelectMany(r => r.Results)];
    }

    public static Outcome Run(CheckPlan plan, CheckRequest check, int jobs, ControlledHarness harness,
                              ICheckProgress progress, CancellationToken stop, DateTimeOffset? deadline)
    {
        // A catalog check on several workers: longest first, large DFSs split (exact either way).
        IReadOnlyList<DfsParts.Piece>? pieces = jobs > 1 && plan.Budget is null
            ? DfsParts.Plan([.. plan.Units()], harness.List(), check, harness, jobs, stop)
            : null;
        long? units = pieces is not null ? pieces.Count : plan.Budget is null ? plan.Units().LongCount() : null;
        int workers = (int)Math.Min(jobs, units ?? jobs);
        IEnumerator<DfsParts.Piece> pending = (pieces ?? plan.Units().Select(u => new DfsParts.Piece(u, null, 0, 1, 0))).GetEnumerator();
        var started = new List<CheckUnit>();
        var results = new Dictionary<long, (CheckUnit, IReadOnlyList<ExplorationResult>)>();
        var parts = new Dictionary<long, ExplorationResult?[]>();
        var gate = new Lock();
        bool ended = false;

        bool TryNext(out DfsParts.Piece piece)
        {
            lock (gate)
            {
                piece = null!;
                if (ended || stop.IsCancellationRequested || (deadline is { } d && DateTimeOffset.UtcNow >= d) || !pending.MoveNext())
                {
                    ended = true;
                    return false;
                }
                piece = pending.Current;
                if (!started.Contains(piece.Unit))
                    started.Add(piece.Unit);
                return true;
            }
        }

        var shared = new SynchronizedProgress(progress);

        void Finished(DfsParts.Piece piece, IReadOnlyList<ExplorationResult> unitResults)
        {
            lock (gate)
            {
                if (piece.Prefix is null)
                {
                    if (unitResults.Count > 0)
                        results[piece.Unit.Index] = (piece.Unit, unitResults);
                    return;
                }
                ExplorationResult?[] unitParts = parts.TryGetValue(piece.Unit.Index, out var known) ? known : parts[piece.Unit.Index] = new ExplorationResult?[piece.Parts];
                unitParts[piece.Part] = unitResults.SingleOrDefault();
                if (unitParts.All(p => p is not null))
                {
                    // The whole DFS's line, once its last part is in.
                    ExplorationResult merged = DfsParts.Merge(unitParts);
                    results[piece.Unit.Index] = (piece.Unit, [merged]);
                    shared.Explored(merged);
                }
            }
        }

        if (workers <= 1)
        {
            while (TryNext(out DfsParts.Piece piece))
                Finished(piece, harness.Check(piece.Request(check), progress, stop));
        }
        else
        {
            var failures = new List<Exception>();
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(stop);
            // Each worker on a CPU of its own (CpuAffinity says why); more workers than CPUs are left to the system.
            IReadOnlyList<int>? cpus = CpuAffinity.Allowed() is { } allowed && allowed.Count >= workers ? allowed : null;
            var threads = Enumerable.Range(0, workers).Select(i => new Thread(() =>
            {
                try
                {
                    using WorkerProcess worker = WorkerProcess.Start(harness.Directory, harness.Variant, cpus?[i]);
                    using CancellationTokenRegistration onStop = failed.Token.Register(worker.Stop);
                    while (!failed.IsCancellationRequested && TryNext(out DfsParts.Piece piece))
                        Finished(piece, worker.Run(piece.Request(check), piece.Prefix is null ? shared : new PartProgress(shared, piece.Label)));
                }
                catch (Exception e)
                {
                    lock (failures)
                        failures.Add(e);
                    // One worker's failure is the check's: the others stop after their schedule.
                    failed.Cancel();
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            // Rethrown with the worker thread's stack (where the failure happened) in the tool's failure file.
            if (failures.Count > 0)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failures[0]);
        }

        // A split DFS stopped before all its parts ran: what ran, merged, marked interrupted.
        foreach (var (index, unitParts) in parts)
            if (!results.ContainsKey(index) && unitParts.Any(p => p is not null))
                results[index] = (started.First(u => u.Index == index), [DfsParts.Merge(unitParts)]);
        // A whole DFS would have stopped at its schedule budget, which no part saw: run it whole (exact by construction).
        foreach (var (index, unitParts) in parts)
            if (results.TryGetValue(index, out var merged) && !DfsParts.WithinBudget(merged.Item2[0]) && !stop.IsCancellationRequested)
                results[index] = (merged.Item1, harness.Check(merged.Item1.Request(check), progress, stop));

        // A unit handed out as the check was stopped may have run nothing: it did not start either.
        var notStarted = started.Where(u => !results.ContainsKey(u.Index)).ToList();
        if (plan.Budget is null)
            while (pending.MoveNext())
                if (!started.Contains(pending.Current.Unit) && !notStarted.Contains(pending.Current.Unit))
                    notStarted.Add(pending.Current.Unit);
        return new Outcome([.. results.OrderBy(r => r.Key).Select(r => r.Value)], [.. notStarted.OrderBy(u => u.Index)]);
    }

    /// <summary>A part of a split DFS reports under its own label, so parts running at once stay apart.</summary>
    private sealed class PartProgress(ICheckProgress inner, string label) : ICheckProgress
    {
        public void Exploring(string scenario, ExplorationBudget exploration) => inner.Exploring(label, exploration);

        public void Running(string scenario, ExplorationBudget exploration, int schedules, TimeSpan elapsed, ScheduleEstimate? estimate = null) =>
            inner.Running(label, exploration, schedules, elapsed, estimate);

        public void Explored(ExplorationResult result) => inner.Explored(result with { Scenario = label });
    }

    /// <summary>One listener for several workers' progress: calls in one at a time.</summary>
    private sealed class SynchronizedProgress(ICheckProgress inner) : ICheckProgress
    {
        private readonly Lock gate = new();

        public void Exploring(string scenario, ExplorationBudget exploration)
        {
            lock (gate)
                inner.Exploring(scenario, exploration);
        }

        public void Running(string scenario, ExplorationBudget exploration, int schedules, TimeSpan elapsed, ScheduleEstimate? estimate = null)
        {
            lock (gate)
                inner.Running(scenario, exploration, schedules, elapsed, estimate);
        }

        public void Explored(ExplorationResult result)
        {
            lock (gate)
                inner.Explored(result);
        }
    }
}
