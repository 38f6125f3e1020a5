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
        var pending = plan.Units().GetEnumerator();
        var started = new List<CheckUnit>();
        var results = new Dictionary<long, (CheckUnit, IReadOnlyList<ExplorationResult>)>();
        var gate = new Lock();
        bool ended = false;

        bool TryNext(out CheckUnit unit)
        {
            lock (gate)
            {
                unit = null!;
                if (ended || stop.IsCancellationRequested || (deadline is { } d && DateTimeOffset.UtcNow >= d) || !pending.MoveNext())
                {
                    ended = true;
                    return false;
                }
                unit = pending.Current;
                started.Add(unit);
                return true;
            }
        }

        void Finished(CheckUnit unit, IReadOnlyList<ExplorationResult> unitResults)
        {
            lock (gate)
                if (unitResults.Count > 0)
                    results[unit.Index] = (unit, unitResults);
        }

        long? units = plan.Budget is null ? plan.Units().LongCount() : null;
        int workers = (int)Math.Min(jobs, units ?? jobs);
        if (workers <= 1)
        {
            while (TryNext(out CheckUnit unit))
                Finished(unit, harness.Check(unit.Request(check), progress, stop));
        }
        else
        {
            var shared = new SynchronizedProgress(progress);
            var failures = new List<Exception>();
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var threads = Enumerable.Range(0, workers).Select(_ => new Thread(() =>
            {
                try
                {
                    using WorkerProcess worker = WorkerProcess.Start(harness.Directory, harness.Variant);
                    using CancellationTokenRegistration onStop = failed.Token.Register(worker.Stop);
                    while (!failed.IsCancellationRequested && TryNext(out CheckUnit unit))
                        Finished(unit, worker.Run(unit.Request(check), shared));
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
            if (failures.Count > 0)
                throw failures[0];
        }

        // A unit handed out as the check was stopped may have run nothing: it did not start either.
        var notStarted = started.Where(u => !results.ContainsKey(u.Index)).ToList();
        if (plan.Budget is null)
            while (pending.MoveNext())
                notStarted.Add(pending.Current);
        return new Outcome([.. results.OrderBy(r => r.Key).Select(r => r.Value)], notStarted);
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
