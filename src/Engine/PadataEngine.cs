namespace Padata;

/// <summary>
/// One instance of the framework: a <see cref="WorkPool"/> shared by all its jobs and a
/// <see cref="Workqueue"/> of at most one worker thread per pool item, started as needed (at most
/// that many helpers can be in flight, so a queued helper never waits for a thread).
/// </summary>
public sealed class PadataEngine : IDisposable
{
    private static readonly Lazy<PadataEngine> DefaultEngine =
        new(() => new PadataEngine(Environment.ProcessorCount, isDefault: true));

    private readonly Workqueue workqueue;
    private readonly bool isDefault;
    private int disposed;

    /// <summary>An engine whose pool holds <see cref="Environment.ProcessorCount"/> work items.</summary>
    public PadataEngine() : this(Environment.ProcessorCount)
    {
    }

    /// <param name="poolCapacity">Work items in the pool, and the most worker threads started; 0 or more.</param>
    public PadataEngine(int poolCapacity) : this(poolCapacity, isDefault: false)
    {
    }

    private PadataEngine(int poolCapacity, bool isDefault)
    {
        if (poolCapacity < 0)
            throw new ArgumentOutOfRangeException(nameof(poolCapacity), poolCapacity, "poolCapacity must be 0 or more.");
        Pool = new WorkPool(poolCapacity);
        workqueue = new Workqueue(poolCapacity);
        this.isDefault = isDefault;
    }

    /// <summary>A process-wide engine, created on first use, never disposed.</summary>
    public static PadataEngine Default => DefaultEngine.Value;

    public WorkPool Pool { get; }

    /// <summary>
    /// Runs <paramref name="job"/> (<c>padata_do_multithreaded</c>): the calling thread works as
    /// the first worker, helpers from the pool join it, and the call returns only after every
    /// chunk's thread function has returned and every work item is back in the pool.
    /// </summary>
    /// <exception cref="JobFailedException">A chunk threw; see the exception for which.</exception>
    public JobResult DoMultithreaded(MultithreadedJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);

        int requested = ChunkPlan.RequestedWorkersFor(job);
        if (requested == 0)
            return JobResult.Empty;
        if (requested == 1)
            return RunSingleThreaded(job);

        PadataWork[] helpers = Pool.Take(requested - 1);
        int workers = 1 + helpers.Length;
        ulong chunkSize = ChunkPlan.ChunkSizeFor(job, workers);
        var state = new JobState(job, chunkSize, workers);

        // Before the helpers can see the job, so nothing contends for it (see TakeFirstChunk).
        Chunk? first = state.TakeFirstChunk();
        foreach (PadataWork helper in helpers)
            helper.Bind(state);
        try
        {
            workqueue.QueueAll(helpers);
        }
        catch (ObjectDisposedException)
        {
            // Disposed under us, and nothing was queued: the caller does the helpers' share itself.
            state.RetireUnstartedHelpers(helpers.Length);
        }

        state.RunCaller(first);

        // Only now, with every helper finished, may the items go back: returned earlier, another
        // job could bind an item whose helper is still running this job's loop.
        foreach (PadataWork helper in helpers)
            helper.Unbind();
        Pool.Return(helpers);

        var (ran, chunks, failures) = state.Outcome();
        if (failures.Count > 0)
            throw new JobFailedException(job, failures);
        return new JobResult(requested, ran, chunkSize, chunks);
    }

    /// <summary>What the engine is doing right now (see <see cref="EngineState"/>), for diagnostics.</summary>
    public EngineState Snapshot()
    {
        int available = Pool.Available;
        var (queued, threads, idle) = workqueue.Snapshot();
        return new EngineState(Pool.Capacity, available, queued, threads, idle, Volatile.Read(ref disposed) != 0);
    }

    /// <summary>The fast path: one worker needs no lock, no pool and no completion.</summary>
    private static JobResult RunSingleThreaded(MultithreadedJob job)
    {
        try
        {
            job.ThreadFunction(job.Start, job.End);
        }
        catch (Exception e)
        {
            throw new JobFailedException(job, [new ChunkFailure(new Chunk(job.Start, job.End), e)]);
        }
        return new JobResult(1, 1, job.Size, 1);
    }

    /// <summary>
    /// Stops the workqueue after it has run every queued helper (see <see cref="Workqueue.Dispose"/>);
    /// later jobs throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        if (isDefault)
            throw new InvalidOperationException("PadataEngine.Default lives as long as the process; create a PadataEngine of your own to control its lifetime.");
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        workqueue.Dispose();
    }
}
