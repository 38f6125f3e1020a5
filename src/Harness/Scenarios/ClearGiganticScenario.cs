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
        ExecutionLog log = BeginOneCallerRun();

        World.Current.Suppress();
        var engine = World.Current.NewEngine(poolCapacity);
        var page = new GiganticPage(geometry);
        MultithreadedJob job = ClearGiganticPage.JobFor(page, maxThreads, minChunk);
        World.Current.Resume();

        const string id = "clear";
        bool callerReturned = false;
        var watched = new MultithreadedJob(job.Start, job.Size, job.Align, job.MinChunk, job.MaxThreads, (start, end) =>
        {
            var chunk = new Chunk(start, end);
            World.Current.Assert(!callerReturned, $"Chunk {chunk} started on {log.WorkerName()} after the caller had returned.");
            log.Add(id, EventKind.ChunkStarted, chunk);
            World.Current.Delay();
            job.ThreadFunction(start, end);
            World.Current.Delay();
            log.Add(id, EventKind.ChunkReturned, chunk);
        });

        log.Add(id, EventKind.CallerEntered);
        World.Current.Delay();
        engine.DoMultithreaded(watched);
        callerReturned = true;
        log.Add(id, EventKind.CallerReturned);
        World.Current.Delay();

        World.Current.Suppress();
        VerificationReport report = GiganticPageVerifier.Verify(page);
        World.Current.Assert(report.Holds, $"When the caller returned from clearing the gigantic page: {report}");
        World.Current.Assert(engine.PoolAvailable == poolCapacity, $"After the clear, {engine.PoolAvailable} of {poolCapacity} work items are in the pool.");
        engine.Dispose();
        World.Current.Resume();
    }
}
