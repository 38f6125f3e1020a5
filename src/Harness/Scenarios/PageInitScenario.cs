using Padata.Models;
using Padata.Reference;

namespace Padata.Harness.Scenarios;

/// <summary>
/// Deferred struct page init of a tiny machine on one engine (docs/design.md §3), zone after zone as
/// <see cref="DeferredPageInit"/> runs them, with the production thread function watched from
/// outside: when the caller returns from a zone's job, the job must satisfy <see cref="JobOracle"/>
/// (no chunk function still running, every pfn of the zone's span handed out exactly once, the
/// planned chunks) and the zone's memmap and free lists every invariant of
/// <see cref="MemmapVerifier"/> and the kernel rules' page structs and free blocks (tests/Reference); at the end, the whole memmap and the pool must.
/// </summary>
internal sealed class PageInitScenario(string name, MemoryLayout layout, int poolCapacity) : Scenario
{
    public override string Name => name;

    public MemoryLayout Layout => layout;

    public int PoolCapacity => poolCapacity;

    public override string Shape => $"pool={poolCapacity} " + string.Join(" | ", layout.Nodes);

    public override void Run()
    {
        ExecutionLog log = BeginOneCallerRun();

        // Building the engine and the model is this thread's alone (see EngineJobsScenario).
        World.Current.Suppress();
        var engine = World.Current.NewEngine(poolCapacity);
        var model = new MemoryModel(layout);
        World.Current.Resume();

        foreach (Zone zone in model.Zones)
            RunZone(engine, model, zone, log);

        // Every zone was checked when its caller returned; the rest reads state and shuts down
        // without choices, as in EngineJobsScenario.
        World.Current.Suppress();
        VerificationReport report = MemmapVerifier.Verify(model);
        World.Current.Assert(report.Holds, $"After deferred init of every zone: {report}");
        World.Current.Assert(engine.PoolAvailable == poolCapacity,
            $"After deferred init, {engine.PoolAvailable} of {poolCapacity} work items are in the pool.");
        engine.Dispose();
        World.Current.Resume();
    }

    private void RunZone(PadataEngine engine, MemoryModel model, Zone zone, ExecutionLog log)
    {
        MultithreadedJob job = DeferredPageInit.JobFor(model, zone);
        var spec = new JobSpec(job.Start, job.Size, job.Align, job.MinChunk, job.MaxThreads);
        var ledger = new JobLedger(spec, zone.Name, log);

        JobFailedException? failure = LedgerCall.Run(engine, spec.ToJob(ledger.Watching(job.ThreadFunction)), ledger, log, out JobResult? result);

        JobOracle.AfterReturn(ledger, result, failure, poolCapacity);
        VerificationReport report = MemmapVerifier.Verify(model, zone);
        World.Current.Assert(report.Holds, $"Zone {zone.Name} ({job}), when its caller returned: {report}");
        // The verifier is the model's own; the expected page structs and free blocks come from the
        // kernel's rules restated in test code (tests/Reference), and so do the expected chunks (JobOracle).
        List<string> differences = PageInitReference.Differences(model, zone);
        World.Current.Assert(differences.Count == 0,
            $"Zone {zone.Name} ({job}), when its caller returned, differs from the kernel rules: {string.Join("; ", differences)}");
    }
}
