
namespace Padata.Harness.Scenarios;

/// <summary>
/// Callers running jobs at once on one engine with a topology and helper limits (docs/design.md
/// §7.3). Every chunk is watched by the job's <see cref="JobLedger"/> (checked by
/// <see cref="JobOracle"/> when its caller returns) and by one <see cref="CapLedger"/> for the
/// engine: at every moment helpers running chunks on a node ≤ the node's cap and in all ≤ the
/// system cap. When every caller is done: each helper of a job that is not NUMA-aware ran on the
/// job's node; with no cap binding, NUMA-aware helpers went round-robin, so no node had more than
/// ⌈T/N⌉ of the T granted (two jobs reading the cursor at once would put two on one node).
/// <para>
/// <paramref name="longChunks"/> puts a scheduling point inside every chunk, inside the cap window,
/// so helpers of different jobs are seen running at the same time. <paramref name="firstWaitsForSecond"/>
/// makes every chunk of caller 0's first job wait until caller 1's first job has returned: an engine
/// that made caller 1 wait for a place under a cap that caller 0's helper holds would deadlock
/// (a job never blocks on a cap).
/// </para>
/// </summary>
internal sealed class LimitsScenario(
    string name, int poolCapacity, Topology topology, HelperLimits limits, IReadOnlyList<IReadOnlyList<JobSpec>> callers,
    bool longChunks = false, bool firstWaitsForSecond = false) : Scenario
{
    public override string Name => name;

    public override string Shape =>
        $"pool={poolCapacity} {topology} {limits}{(longChunks ? " long-chunks" : "")}{(firstWaitsForSecond ? " caller-0-waits-for-caller-1" : "")} " +
        string.Join(" | ", callers.Select(jobs => string.Join("; ", jobs)));

    public override void Run()
    {
        PadataEngine engine = BeginEngineRun(() => new PadataEngine(poolCapacity, topology, limits), out ExecutionLog log);
        // Building objects is this thread's alone.
        World.Current.Suppress();
        var caps = new CapLedger(limits.PerNode, limits.SystemWide);
        var results = new JobResult?[callers.Count][];
        for (int c = 0; c < callers.Count; c++)
            results[c] = new JobResult?[callers[c].Count];
        SemaphoreSlim? secondReturned = firstWaitsForSecond ? new SemaphoreSlim(0) : null;
        World.Current.Resume();

        CallerThreads.Run(callers.Count, caller => RunCaller(engine, caps, caller, log, results, secondReturned));

        World.Current.Suppress();
        World.Current.Assert(engine.PoolAvailable == poolCapacity,
            $"After every caller returned, {engine.PoolAvailable} of {poolCapacity} work items are in the pool.");
        CheckPlacement(caps, results);
        engine.Dispose();
        // After Dispose joined the workqueue threads (a helper gives its place back after its share,
        // so possibly after its caller returned), every helper granted either finished and gave its
        // place back or was cancelled by its caller, who gives it back for it: none may still hold one.
        int[] held = engine.Pool.Running;
        World.Current.Assert(held.All(n => n == 0),
            $"After Dispose joined every workqueue thread, helpers still hold places under the caps: {string.Join(", ", held.Select((n, node) => $"node {node}: {n}"))}.");
        HelperAccounting.AfterDispose(engine.Snapshot(), queued: null);
        World.Current.Resume();
    }

    private void RunCaller(PadataEngine engine, CapLedger caps, int caller, ExecutionLog log, JobResult?[][] results, SemaphoreSlim? secondReturned)
    {
        ExecutionLog.NameCurrentThread($"caller/{caller}");
        for (int index = 0; index < callers[caller].Count; index++)
        {
            JobSpec spec = callers[caller][index];
            string id = $"{caller}.{index}";
            var ledger = new JobLedger(spec, id, log);
            bool waits = secondReturned is not null && caller == 0 && index == 0;
            void Chunk(ulong start, ulong end)
            {
                int node = caps.Enter(id, new Chunk(start, end));
                try
                {
                    if (waits)
                    {
                        // Pass through once caller 1's job is back (and let the next chunk through too).
                        secondReturned!.Wait();
                        secondReturned.Release();
                    }
                    if (longChunks)
                        World.Current.Interleave();
                    ledger.Run(start, end);
                }
                finally
                {
                    caps.Exit(node);
                }
            }

            JobFailedException? failure = LedgerCall.Run(engine, spec.ToJob(Chunk), ledger, log, out JobResult? result);
            JobOracle.AfterReturn(ledger, result, failure, poolCapacity);
            results[caller][index] = result;
            if (secondReturned is not null && caller == 1 && index == 0)
                secondReturned.Release();
        }
    }

    /// <summary>Where the helpers ran, against the placement rules restated from docs/design.md §7.3.</summary>
    private void CheckPlacement(CapLedger caps, JobResult?[][] results)
    {
        int numaHelpers = 0;
        for (int c = 0; c < callers.Count; c++)
        for (int j = 0; j < callers[c].Count; j++)
            if (callers[c][j].NumaAware && results[c][j] is { } r)
                numaHelpers += r.Workers - 1;

        var perNode = new int[topology.NodeCount];
        foreach (var (job, thread, node) in caps.Helpers)
        {
            string[] at = job.Split('.');
            JobSpec spec = callers[int.Parse(at[0])][int.Parse(at[1])];
            if (!spec.NumaAware)
                World.Current.Assert(node == spec.Node,
                    $"Job {job} ({spec}) is not NUMA-aware, but a helper of it ran on node {node} instead of the job's node {spec.Node}.");
            else
                perNode[node]++;
        }

        // With no cap below the pool, nothing is passed over: the k-th NUMA-aware helper granted
        // goes to node k mod N, so no node gets more than ⌈T/N⌉ of T. Helpers seen are a subset
        // of those granted (one that found no chunk left is not seen), so the bound holds for them.
        if (limits.Binds(poolCapacity))
            return;
        int most = (numaHelpers + topology.NodeCount - 1) / topology.NodeCount;
        for (int node = 0; node < perNode.Length; node++)
            World.Current.Assert(perNode[node] <= most,
                $"{perNode[node]} NUMA-aware helpers ran on node {node}, but round-robin over {topology.NodeCount} nodes puts at most {most} of the {numaHelpers} granted on one node ({string.Join(", ", perNode.Select((n, i) => $"node {i}: {n}"))}).");
    }
}
