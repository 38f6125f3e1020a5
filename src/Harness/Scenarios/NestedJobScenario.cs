
namespace Padata.Harness.Scenarios;

/// <summary>
/// A job started from inside another job's chunk function, on the same engine (the same pool and
/// workqueue). The outer chunks starting at <paramref name="nestAt"/> each run the inner job to
/// completion before doing their own units, on whichever thread runs them (the caller or a
/// workqueue thread). Expected, in every schedule: both jobs complete with every unit once and
/// the plan's chunks for the workers they got; the inner job gets only what the outer left in the
/// pool (none with a pool the outer emptied: it then runs on the thread of the outer chunk alone)
/// and never waits for more; no outer chunk (so no inner job) is still running when the outer
/// caller returns; the pool is whole at the end; nobody waits forever (Coyote reports a deadlock:
/// a workqueue thread blocked in an inner job while the inner job's helper waits for a thread).
/// </summary>
internal sealed class NestedJobScenario(string name, int poolCapacity, JobSpec outer, JobSpec inner, IReadOnlyList<ulong> nestAt) : Scenario
{
    public override string Name => name;

    public override string Shape => $"pool={poolCapacity} outer {outer} | inner {inner} in the outer chunk(s) at {string.Join(",", nestAt)}";

    /// <summary>Inner jobs in progress and the workers of each finished one (auto-properties: see <see cref="ExecutionLog"/>).</summary>
    private sealed class InnerJobs
    {
        public int Running { get; set; }
        public List<int> Workers { get; } = [];
    }

    public override void Run()
    {
        PadataEngine engine = BeginEngineRun(poolCapacity, out ExecutionLog log);

        ExecutionLog.NameCurrentThread("caller/0");
        var inners = new InnerJobs();
        var outerLedger = new JobLedger(outer, "0.0", log);
        void OuterChunk(ulong start, ulong end)
        {
            if (nestAt.Contains(start))
                RunInner(engine, log, inners, start);
            outerLedger.Run(start, end);
        }

        JobFailedException? failure = LedgerCall.Run(engine, outer.ToJob(OuterChunk), outerLedger, log, out JobResult? result);
        string job = $"Job {outerLedger.Id} ({outer})";
        World.Current.Assert(inners.Running == 0, $"{job}: the caller returned while {inners.Running} nested job(s) were still running in its chunks.");
        JobOracle.AfterReturn(outerLedger, result, failure, poolCapacity);
        World.Current.Assert(inners.Workers.Count == nestAt.Count(s => outerLedger.Calls.Any(c => c.Start == s)),
            $"{job}: {inners.Workers.Count} nested job(s) completed, expected one per outer chunk at {string.Join(",", nestAt)}.");
        // The outer job holds its helpers' items until it returns: an inner job can only have had the rest.
        foreach (int workers in inners.Workers)
            World.Current.Assert(result!.Value.Workers - 1 + workers - 1 <= poolCapacity,
                $"{job}: the outer job had {result.Value.Workers - 1} helper(s) and a nested job {workers - 1}, from a pool of {poolCapacity}.");

        World.Current.Suppress();
        World.Current.Assert(engine.PoolAvailable == poolCapacity,
            $"After both jobs returned, {engine.PoolAvailable} of {poolCapacity} work items are in the pool.");
        engine.Dispose();
        HelperAccounting.AfterDispose(engine.Snapshot(), queued: null);
        World.Current.Resume();
    }

    private void RunInner(PadataEngine engine, ExecutionLog log, InnerJobs inners, ulong outerChunk)
    {
        var ledger = new JobLedger(inner, $"0.0/{outerChunk}", log);
        // Counted in progress from before its caller enters to after it is judged.
        World.InStep(() => inners.Running++);
        JobFailedException? failure = LedgerCall.Run(engine, inner.ToJob(ledger.Run), ledger, log, out JobResult? result);
        JobOracle.AfterReturn(ledger, result, failure, poolCapacity);
        World.InStep(() =>
        {
            inners.Workers.Add(result?.Workers ?? 0);
            inners.Running--;
        });
    }
}
