namespace Padata.Harness.Scenarios;

/// <summary>
/// One caller's run of a model's job with undo, its production thread and undo functions watched
/// from outside (<see cref="FallocateScenario"/>, <see cref="VfioScenario"/>): no chunk may start
/// after its caller returned; the caller's entry and return or throw, and every chunk's start and
/// return or throw, are logged under the call's id, with the world's delay points between them.
/// A scenario that observes something after every chunk overrides <see cref="AfterChunk"/>.
/// <para>
/// The hook is a virtual method, not a delegate kept in a field, and the caller-returned flag a
/// property: under memory-access interleaving every field access of the harness is a scheduling
/// point, so the watch adds none of its own to a chunk.
/// </para>
/// </summary>
/// <param name="job">The model's job (its thread and undo functions are the production ones).</param>
/// <param name="id">The job's id in the log.</param>
/// <param name="who">How messages name the call ("Call 0", "Request 1").</param>
internal class WatchedCall(MultithreadedJob job, string id, string who, ExecutionLog log) : ICallerLedger
{
    public string Id => id;

    public bool CallerReturned { get; set; }

    protected string Who => who;

    protected ExecutionLog Log => log;

    /// <summary>
    /// Runs the job on <paramref name="engine"/> as its caller (<see cref="LedgerCall"/>): null with
    /// its <paramref name="result"/>, or its failure (rolled back).
    /// </summary>
    public JobFailedException? Run(PadataEngine engine, out JobResult? result) =>
        LedgerCall.Run(engine, new MultithreadedJob(job.Start, job.Size, job.Align, job.MinChunk, job.MaxThreads, Chunk, World.Current.Delayed(job.UndoFunction)),
                       this, log, out result);

    /// <summary>
    /// Called when a chunk's thread function has returned or thrown (after its throw is logged,
    /// before its return is), on the worker that ran it.
    /// </summary>
    protected virtual void AfterChunk(Chunk chunk)
    {
    }

    private void Chunk(ulong start, ulong end)
    {
        var chunk = new Chunk(start, end);
        World.Current.Assert(!CallerReturned, $"{who}: chunk {chunk} started on {log.WorkerName()} after the caller had returned.");
        log.Add(id, EventKind.ChunkStarted, chunk);
        World.Current.Delay();
        try
        {
            job.ThreadFunction(start, end);
            World.Current.Delay();
        }
        catch
        {
            log.Add(id, EventKind.ChunkThrew, chunk);
            AfterChunk(chunk);
            throw;
        }
        AfterChunk(chunk);
        log.Add(id, EventKind.ChunkReturned, chunk);
    }
}
