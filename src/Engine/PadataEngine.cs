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
        HelperPriority.Validate();
        Pool = new WorkPool(poolCapacity);
        workqueue = new Workqueue(poolCapacity);
        this.isDefault = isDefault;
    }

    /// <summary>A process-wide engine, created on first use, never disposed.</summary>
    public static PadataEngine Default => DefaultEngine.Value;

    /// <summary>Work items in the pool: the most helpers one job can get, and the most worker threads.</summary>
    public int PoolCapacity => Pool.Capacity;

    /// <summary>Work items in the pool right now: all of them whenever no job is running.</summary>
    public int PoolAvailable => Pool.Available;

    internal WorkPool Pool { get; }

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
        IReadOnlyList<IWorkItem> queued = helpers;
        try
        {
            workqueue.QueueAll(helpers);
        }
        catch (ObjectDisposedException)
        {
            // Disposed under us, and nothing was queued: the caller does the helpers' share itself.
            state.RetireUnstartedHelpers(helpers.Length);
            queued = [];
        }

        state.RunCaller(first, workqueue, queued);

        // Only now, with every helper finished or cancelled, may the items go back: returned
        // earlier, another job could bind an item whose helper is still running this job's loop.
        // A cancelled helper's item goes back with the others: it was removed from the queue.
        foreach (PadataWork helper in helpers)
            helper.Unbind();
        Pool.Return(helpers);

        var (ran, chunks, failures) = state.Outcome();
        if (failures.Count > 0)
            throw new JobFailedException(job, UndoCompletedChunks(job, chunkSize, state.HandedOutEnd, failures));
        return new JobResult(requested, ran, chunkSize, chunks);
    }

    /// <summary>
    /// Rolls back a failed job (ktask's <c>ktask_undo</c>): calls the undo function on every chunk
    /// whose thread function returned normally, once each, in hand-out order, and returns
    /// <paramref name="failures"/> followed by a failure for each undo that threw (the others still
    /// run). Without an undo function it returns <paramref name="failures"/> as it is.
    /// <para>
    /// Runs on the caller alone, as ktask's does, and only here: after the completion, so every
    /// chunk function of the job has returned and its writes are visible to this thread (an undo
    /// never races the chunk it undoes, and needs no lock); after the work items went back, so a
    /// long rollback does not keep other jobs short of helpers. Keeping the helpers for a second,
    /// parallel round would cost another hand-out and completion on a path that exists for errors.
    /// </para>
    /// <para>
    /// Which chunks completed is derived, not recorded (nothing is allocated per chunk): chunks are
    /// handed out in order from the job's start and a failure stops the hand-out, so the chunks
    /// handed out are exactly those of <c>[start, handedOutEnd)</c> by the chunk-size rule, every
    /// one of them ran to its end (the caller waited for all workers), and those that did not
    /// return normally are exactly the ones in <paramref name="failures"/>.
    /// </para>
    /// </summary>
    private static IReadOnlyList<ChunkFailure> UndoCompletedChunks(MultithreadedJob job, ulong chunkSize, ulong handedOutEnd, IReadOnlyList<ChunkFailure> failures)
    {
        if (job.UndoFunction is not { } undo)
            return failures;
        List<ChunkFailure>? all = null;
        for (ulong position = job.Start; position < handedOutEnd;)
        {
            Chunk chunk = ChunkPlan.NextChunk(position, handedOutEnd - position, chunkSize);
            position = chunk.End;
            if (Threw(failures, chunk))
                continue;
            try
            {
                undo(chunk.Start, chunk.End);
            }
            catch (Exception e)
            {
                (all ??= [.. failures]).Add(new ChunkFailure(chunk, e) { Phase = FailurePhase.Undo });
            }
        }
        return all ?? failures;
    }

    /// <summary>Whether <paramref name="chunk"/> is one whose thread function threw (at most one failure per worker to look through).</summary>
    private static bool Threw(IReadOnlyList<ChunkFailure> failures, Chunk chunk)
    {
        for (int i = 0; i < failures.Count; i++)
            if (failures[i].Chunk == chunk)
                return true;
        return false;
    }

    /// <summary>What the engine is doing right now (see <see cref="EngineState"/>), for diagnostics.</summary>
    public EngineState Snapshot()
    {
        int available = Pool.Available;
        var (queued, threads, idle, raised, taken, cancelled) = workqueue.Snapshot();
        return new EngineState(Pool.Capacity, available, queued, threads, idle, Volatile.Read(ref disposed) != 0)
        {
            RaisedWorkerThreads = raised,
            HelpersRun = taken,
            HelpersCancelled = cancelled,
        };
    }

    /// <summary>
    /// The fast path: one worker needs no lock, no pool and no completion. Nor any undo: the only
    /// chunk is the whole job, so when it throws no chunk has returned normally.
    /// </summary>
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
            throw new InvalidOperationException(
                "PadataEngine.Default lives as long as the process; create a PadataEngine of your own to control its lifetime.");
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        workqueue.Dispose();
    }
}
