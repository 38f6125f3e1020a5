namespace Padata.Harness.Scenarios;

/// <summary>
/// Callers running per-node jobs (docs/design.md §7.3.1) at once on one engine with a topology and
/// helper limits. Every chunk is recorded by its job's <see cref="PerNodeLedger"/> with the node of
/// the helper that ran it, and counted by one <see cref="CapLedger"/> for the engine (helpers
/// running chunks ≤ each node's cap and the system cap, at every moment); each job is checked by
/// <see cref="PerNodeOracle"/> when its caller returns. When every caller is back: every work item
/// in the pool, and, after Dispose joined the workqueues, no helper holding a place under a cap.
/// <paramref name="longChunks"/> puts a scheduling point inside every chunk, so helpers are seen
/// running at the same time.
/// </summary>
internal sealed class PerNodeScenario(
    string name, int poolCapacity, Topology topology, HelperLimits limits, IReadOnlyList<PerNodeSpec> callers, bool longChunks = false) : Scenario
{
    public override string Name => name;

    public override string Shape =>
        $"pool={poolCapacity} {topology} {limits}{(longChunks ? " long-chunks" : "")} per-node jobs: " + string.Join(" | ", callers);

    public override void Run()
    {
        PadataEngine engine = BeginEngineRun(() => new PadataEngine(poolCapacity, topology, limits), out ExecutionLog log);
        var caps = new CapLedger(limits.PerNode, limits.SystemWide);

        CallerThreads.Run(callers.Count, caller => RunCaller(engine, caps, caller, log));

        World.Current.Suppress();
        World.Current.Assert(engine.PoolAvailable == poolCapacity,
            $"After every caller returned, {engine.PoolAvailable} of {poolCapacity} work items are in the pool.");
        engine.Dispose();
        int[] held = engine.Pool.Running;
        World.Current.Assert(held.All(n => n == 0),
            $"After Dispose joined every workqueue thread, helpers still hold places under the caps: {string.Join(", ", held.Select((n, node) => $"node {node}: {n}"))}.");
        World.Current.Resume();
    }

    private void RunCaller(PadataEngine engine, CapLedger caps, int caller, ExecutionLog log)
    {
        ExecutionLog.NameCurrentThread($"caller/{caller}");
        PerNodeSpec spec = callers[caller];
        string id = $"{caller}.0";
        var ledger = new PerNodeLedger(spec, id, log);
        void Chunk(ulong start, ulong end)
        {
            var chunk = new Chunk(start, end);
            int node = caps.Enter(id, chunk);
            try
            {
                ledger.Starting(chunk, node);
                World.Current.Delay();
                if (longChunks)
                    World.Current.Interleave();
                ledger.Count(chunk);
                World.Current.Delay();
                ledger.Returned(chunk);
            }
            finally
            {
                caps.Exit(node);
            }
        }

        JobFailedException? failure = LedgerCall.Run(engine, spec.ToJob(Chunk), ledger, log, out PerNodeJobResult? result);
        PerNodeOracle.AfterReturn(ledger, result, failure, poolCapacity, limits.PerNode, limits.SystemWide, alone: callers.Count == 1);
    }
}
