using Microsoft.Coyote.Runtime;
using Microsoft.Coyote.Specifications;
using Padata.Models;

namespace Padata.Harness.Scenarios;

/// <summary>
/// <c>clear_gigantic_page</c> on the engine: the production thread function of
/// <see cref="ClearGiganticPage"/> watched from outside. No chunk may start after the caller
/// returned; when it returns, every byte of the page must be zero and both guard regions untouched
/// (<see cref="GiganticPageVerifier"/>), and every work item back in the pool.
/// </summary>
internal sealed class ClearGiganticScenario(string name, int poolCapacity, GiganticPageGeometry geometry, int maxThreads, ulong minChunk) : Scenario
{
    public override string Name => name;

    public override string Shape => $"pool={poolCapacity} page={geometry} max_threads={maxThreads} min_chunk={minChunk}";

    public override void Run()
    {
        var log = new ExecutionLog();
        LastLog = log;
        ExecutionLog.NameCurrentThread("caller/0");

        SchedulingPoint.Suppress();
        var engine = new PadataEngine(poolCapacity);
        var page = new GiganticPage(geometry);
        MultithreadedJob job = ClearGiganticPage.JobFor(page, maxThreads, minChunk);
        SchedulingPoint.Resume();

        const string id = "clear";
        bool callerReturned = false;
        var watched = new MultithreadedJob(job.Start, job.Size, job.Align, job.MinChunk, job.MaxThreads, (start, end) =>
        {
            var chunk = new Chunk(start, end);
            Specification.Assert(!callerReturned, $"Chunk {chunk} started on {log.WorkerName()} after the caller had returned.");
            log.Add(id, EventKind.ChunkStarted, chunk);
            job.ThreadFunction(start, end);
            log.Add(id, EventKind.ChunkReturned, chunk);
        });

        log.Add(id, EventKind.CallerEntered);
        engine.DoMultithreaded(watched);
        callerReturned = true;
        log.Add(id, EventKind.CallerReturned);

        SchedulingPoint.Suppress();
        VerificationReport report = GiganticPageVerifier.Verify(page);
        Specification.Assert(report.Holds, $"When the caller returned from clearing the gigantic page: {report}");
        Specification.Assert(engine.PoolAvailable == poolCapacity, $"After the clear, {engine.PoolAvailable} of {poolCapacity} work items are in the pool.");
        engine.Dispose();
        SchedulingPoint.Resume();
    }
}
