using Microsoft.Coyote.Runtime;
using Microsoft.Coyote.Specifications;
using Padata.Models;
using Padata.Reference;

namespace Padata.Harness;

/// <summary>
/// Deferred struct page init of a tiny machine on one engine (DESIGN.md §3), zone after zone as
/// <see cref="DeferredPageInit"/> runs them, with the production thread function watched from
/// outside: when the caller returns from a zone's job, no chunk function may still be running
/// and the zone's memmap and free lists must already satisfy every invariant of
/// <see cref="MemmapVerifier"/>; at the end, the whole memmap and the pool must.
/// </summary>
public sealed class PageInitScenario(string name, MemoryLayout layout, int poolCapacity) : Scenario
{
    public override string Name => name;

    public override string Shape => $"pool={poolCapacity} " + string.Join(" | ", layout.Nodes);

    public MemoryLayout Layout => layout;

    public override void Run()
    {
        var log = new ExecutionLog();
        LastLog = log;
        ExecutionLog.NameCurrentThread("caller/0");

        // Building the engine and the model is this thread's alone (see EngineJobsScenario).
        SchedulingPoint.Suppress();
        var engine = new PadataEngine(poolCapacity);
        var model = new MemoryModel(layout);
        SchedulingPoint.Resume();

        foreach (Zone zone in model.Zones)
            RunZone(engine, model, zone, log);

        // Every zone was checked when its caller returned; the rest reads state and shuts down
        // without choices, as in EngineJobsScenario.
        SchedulingPoint.Suppress();
        VerificationReport report = MemmapVerifier.Verify(model);
        Specification.Assert(report.Holds, $"After deferred init of every zone: {report}");
        Specification.Assert(engine.Pool.Available == poolCapacity,
            $"After deferred init, {engine.Pool.Available} of {poolCapacity} work items are in the pool.");
        engine.Dispose();
        SchedulingPoint.Resume();
    }

    private static void RunZone(PadataEngine engine, MemoryModel model, Zone zone, ExecutionLog log)
    {
        MultithreadedJob job = DeferredPageInit.JobFor(model, zone);
        string id = zone.Name;
        // The chunk counts come from the log, whose appends cannot lose updates under any
        // interleaving (see ExecutionLog); the flag has one writer.
        bool callerReturned = false;
        var watched = new MultithreadedJob(job.Start, job.Size, job.Align, job.MinChunk, job.MaxThreads, (start, end) =>
        {
            var chunk = new Chunk(start, end);
            Specification.Assert(!callerReturned, $"Zone {id}: chunk {chunk} started on {log.WorkerName()} after the caller had returned.");
            log.Add(id, EventKind.ChunkStarted, chunk);
            job.ThreadFunction(start, end);
            log.Add(id, EventKind.ChunkReturned, chunk);
        });

        log.Add(id, EventKind.CallerEntered);
        JobResult result = engine.DoMultithreaded(watched);
        callerReturned = true;
        log.Add(id, EventKind.CallerReturned);

        int started = log.Count(id, EventKind.ChunkStarted), returned = log.Count(id, EventKind.ChunkReturned);
        Specification.Assert(started == returned,
            $"Zone {id}: the caller returned while {started - returned} chunk function(s) were still running.");
        Specification.Assert(result.Chunks == started,
            $"Zone {id}: the engine reports {result.Chunks} chunks but the thread function was called {started} times.");
        VerificationReport report = MemmapVerifier.Verify(model, zone);
        Specification.Assert(report.Holds, $"Zone {id} ({job}), when its caller returned: {report}");
        // The verifier is the model's own; the expected page structs and free blocks come from the
        // kernel's rules restated in test code (tests/Reference), and so do the expected chunks.
        List<string> differences = PageInitReference.Differences(model, zone);
        Specification.Assert(differences.Count == 0,
            $"Zone {id} ({job}), when its caller returned, differs from the kernel rules: {string.Join("; ", differences)}");
        int requested = KernelPlan.Requested(job.Size, job.Align, job.MinChunk, job.MaxThreads);
        Specification.Assert(result.RequestedWorkers == requested && result.Workers >= 1 && result.Workers <= requested,
            $"Zone {id} ({job}): the engine requested {result.RequestedWorkers} workers and ran {result.Workers}; the kernel rule requests {requested}.");
        var plan = KernelPlan.WithGrantedHelpers(job.Start, job.Size, job.Align, job.MinChunk, job.MaxThreads, result.Workers - 1);
        Specification.Assert(result.ChunkSize == plan.ChunkSize && result.Chunks == plan.Chunks.Count,
            $"Zone {id} ({job}): the engine reports {result}; the kernel rule for {result.Workers} worker(s): {plan}.");
    }
}
