namespace Padata;

/// <summary>
/// One instance of the framework: a <see cref="WorkPool"/> shared by all its jobs and a
/// <see cref="Workqueue"/> of at most one worker thread per pool item, started as needed (at most
/// that many helpers can be in flight, so a queued helper never waits for a thread).
/// <para>
/// An engine made with a <see cref="Padata.Topology"/> has one such workqueue per node, and
/// <see cref="HelperLimits"/> on the helpers running at once per node and in all (by default 80% of
/// the CPUs, at least 1 where there are 2 or more; docs/design.md §7.3). An engine made from a pool
/// size alone has one node and no limit but its pool.
/// </para>
/// </summary>
public sealed class PadataEngine : IDisposable
{
    private static readonly Lazy<PadataEngine> DefaultEngine =
        new(() => new PadataEngine(Environment.ProcessorCount, isDefault: true));

    // One unbound workqueue per node (the kernel's per-node worker pools): a helper placed on node
    // N runs on a thread of workqueues[N] and of no other node.
    private readonly Workqueue[] workqueues;
    private readonly bool isDefault;
    private int disposed;

    // The node of the helper this thread is running, plus one; 0 on any other thread (a caller).
    [ThreadStatic]
    private static int currentHelperNode;

    /// <summary>An engine whose pool holds <see cref="Environment.ProcessorCount"/> work items.</summary>
    public PadataEngine() : this(Environment.ProcessorCount)
    {
    }

    /// <param name="poolCapacity">Work items in the pool, and the most worker threads started; 0 or more.</param>
    public PadataEngine(int poolCapacity) : this(poolCapacity, isDefault: false)
    {
    }

    /// <param name="poolCapacity">Work items in the pool, shared by every node; 0 or more.</param>
    /// <param name="topology">The nodes and their CPUs; one workqueue per node.</param>
    /// <param name="limits">Caps on helpers running at once, one per node of <paramref name="topology"/>; null for the default rule (<see cref="HelperLimits.For"/>).</param>
    public PadataEngine(int poolCapacity, Topology topology, HelperLimits? limits = null)
        : this(poolCapacity, topology ?? throw new ArgumentNullException(nameof(topology)), limits ?? HelperLimits.For(topology), isDefault: false)
    {
    }

    private PadataEngine(int poolCapacity, bool isDefault)
        : this(poolCapacity, Topology.Machine, HelperLimits.None(1), isDefault)
    {
    }

    private PadataEngine(int poolCapacity, Topology topology, HelperLimits limits, bool isDefault)
    {
        if (poolCapacity < 0)
            throw new ArgumentOutOfRangeException(nameof(poolCapacity), poolCapacity, "poolCapacity must be 0 or more.");
        HelperPriority.Validate();
        if (limits.PerNode.Count != topology.NodeCount)
            throw new ArgumentException($"limits give caps for {limits.PerNode.Count} node(s); the topology has {topology.NodeCount}.", nameof(limits));
        Topology = topology;
        Limits = limits;
        Pool = new WorkPool(poolCapacity, limits);
        workqueues = new Workqueue[topology.NodeCount];
        for (int node = 0; node < workqueues.Length; node++)
        {
            // Enough threads for every helper the pool and the node's cap let run at once, so a
            // queued helper never waits for a thread.
            workqueues[node] = new Workqueue(Math.Min(poolCapacity, limits.CapOf(node)));
        }
        this.isDefault = isDefault;
    }

    /// <summary>The nodes the engine's helpers run on (one node for an engine made from a pool size alone).</summary>
    public Topology Topology { get; }

    /// <summary>The caps on helpers running at once (none but the pool for an engine made from a pool size alone).</summary>
    public HelperLimits Limits { get; }

    /// <summary>
    /// The node of the engine helper running on the calling thread, or null when the thread is not
    /// running a helper (a job's caller, or any other thread): the kernel's <c>numa_node_id()</c>
    /// as a thread function sees it.
    /// </summary>
    public static int? CurrentHelperNode => CurrentHelperNodeId < 0 ? null : CurrentHelperNodeId;

    /// <summary>
    /// Set by a work item around its helper's share, -1 outside it. Stored plus one, so that a thread
    /// that never ran a helper (whose thread-static field is 0) reads -1.
    /// </summary>
    internal static int CurrentHelperNodeId
    {
        get => currentHelperNode - 1;
        set => currentHelperNode = value + 1;
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
        if (job.Node >= Topology.NodeCount)
            throw new ArgumentOutOfRangeException(nameof(job), job.Node, $"job.Node is {job.Node}; this engine's topology has nodes 0 to {Topology.NodeCount - 1}.");

        int requested = ChunkPlan.RequestedWorkersFor(job);
        if (requested == 0)
            return JobResult.Empty;
        if (requested == 1)
            return RunSingleThreaded(job);

        PadataWork[] helpers = Pool.Take(requested - 1, job.Node, job.NumaAware);
        int workers = 1 + helpers.Length;
        ulong chunkSize = ChunkPlan.ChunkSizeFor(job, workers);
        var state = new JobState(job, chunkSize, workers);
        Run(state, helpers);

        var (ran, chunks, failures) = state.Outcome();
        if (failures.Count > 0)
            throw new JobFailedException(job, UndoCompletedChunks(job, chunkSize, state.HandedOutEnd, failures));
        return new JobResult(requested, ran, chunkSize, chunks);
    }

    /// <summary>
    /// Runs a job given per-node ranges (ktask's <c>ktask_run_numa</c>, docs/design.md §7.3.1): each
    /// range is worked by the caller and by helpers of its own node, or, when the job runs
    /// <see cref="PerNodeJob.Anywhere"/>, by any of the job's helpers once their own node's ranges
    /// are handed out. Helpers come from the same pool under the same caps as every other job's, and
    /// the job never waits for more than it is granted; the call returns as
    /// <see cref="DoMultithreaded(MultithreadedJob)"/> does, with every helper finished or cancelled.
    /// A per-node job has no undo: a chunk that throws stops the hand-out in every range.
    /// </summary>
    /// <exception cref="JobFailedException">A chunk threw; see the exception for which.</exception>
    public PerNodeJobResult DoMultithreadedPerNode(PerNodeJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        int nodes = Topology.NodeCount;
        if (job.Node >= nodes)
            throw new ArgumentOutOfRangeException(nameof(job), job.Node, $"job.Node is {job.Node}; this engine's topology has nodes 0 to {nodes - 1}.");
        foreach (NodeRange range in job.Ranges)
            if (range.Node >= nodes)
                throw new ArgumentOutOfRangeException(nameof(job), range.Node, $"job range {range} names node {range.Node}; this engine's topology has nodes 0 to {nodes - 1}.");

        int[] wanted = ChunkPlan.HelpersWantedPerNode(job, nodes);
        // No node wants a helper (as for an empty job): the pool is not even locked. Tested for all
        // zeros, not by adding the wants, which may add up past int.MaxValue for a legal job.
        PadataWork[] helpers = Array.TrueForAll(wanted, w => w == 0) ? [] : Pool.Take(wanted, job.Anywhere);
        var granted = new int[nodes];
        var helperNodes = new int[helpers.Length];
        for (int i = 0; i < helpers.Length; i++)
            granted[helperNodes[i] = helpers[i].Node]++;
        // Each range's chunk size follows the helpers actually granted that may work it.
        var chunkSizes = new ulong[job.Ranges.Count];
        for (int r = 0; r < chunkSizes.Length; r++)
            chunkSizes[r] = ChunkPlan.RangeChunkSize(job, r, job.Anywhere ? helpers.Length : granted[job.Ranges[r].Node]);
        var state = new JobState(job, new NodeRanges(job.Ranges, chunkSizes), helperNodes);
        Run(state, helpers);

        var (_, chunks, failures) = state.Outcome();
        if (failures.Count > 0)
            throw new JobFailedException(job, failures);
        var used = new ulong[chunkSizes.Length];
        for (int r = 0; r < used.Length; r++)
            used[r] = chunkSizes[r] == 0 ? job.Ranges[r].Size : chunkSizes[r];
        return new PerNodeJobResult(granted, used, chunks);
    }

    /// <summary>
    /// The run of a job with helpers (either kind): the caller's first chunk, the helpers bound and
    /// queued on their nodes, the caller's share and wait, then the work items back in the pool.
    /// Returns with every helper finished or cancelled.
    /// </summary>
    private void Run(JobState state, PadataWork[] helpers)
    {
        // Before the helpers can see the job, so nothing contends for it (see TakeFirstChunk).
        Chunk? first = state.TakeFirstChunk();
        for (int i = 0; i < helpers.Length; i++)
            helpers[i].Bind(state, i);
        List<int>? unqueued = QueueOnTheirNodes(helpers);
        if (unqueued is not null)
        {
            // Disposed under us: the caller does the unqueued helpers' share itself.
            state.RetireUnstartedHelpers(unqueued);
        }

        state.RunCaller(first);

        // Only now, with every helper finished or cancelled, may the items go back: returned
        // earlier, another job could bind an item whose helper is still running this job's loop.
        // A cancelled helper's item goes back with the others: what may still sit in a queue is
        // its HelperRun, bound to this job, where it finds itself cancelled.
        // A cancelled helper never runs, so never gives its place under the caps back
        // (HelperRun.Execute): given back here, once, by the caller that cancelled it.
        if (Pool.TracksCaps)
            for (int i = 0; i < helpers.Length; i++)
                if (state.WasCancelled(i))
                    Pool.ReleaseCap(helpers[i].Node);
        // With the items goes how many of their helpers this caller cancelled, counted by the pool
        // under the lock the return takes anyway (EngineState.HelpersCancelled: the callers' side of
        // the count, apart from the workqueues'), so counting adds no synchronization to a job.
        foreach (PadataWork helper in helpers)
            helper.Unbind();
        Pool.Return(helpers, state.CancelledHelpers);
    }

    /// <summary>
    /// Queues each helper on the workqueue of its node, each node's helpers in one step (see
    /// <see cref="Workqueue.QueueAll"/>); returns the indices of those that could not be queued
    /// because the engine was disposed under the job, or null. Their places under the caps are
    /// released here: they will never run to release them.
    /// </summary>
    private List<int>? QueueOnTheirNodes(PadataWork[] helpers)
    {
        List<int>? unqueued = null;
        for (int node = 0; node < workqueues.Length; node++)
        {
            PadataWork[] mine = workqueues.Length == 1 ? helpers : OnNode(helpers, node);
            if (mine.Length == 0)
                continue;
            var runs = new IWorkItem[mine.Length];
            for (int i = 0; i < mine.Length; i++)
                runs[i] = mine[i].Run;
            try
            {
                workqueues[node].QueueAll(runs);
            }
            catch (ObjectDisposedException)
            {
                for (int i = 0; i < helpers.Length; i++)
                    if (helpers[i].Node == node)
                        (unqueued ??= []).Add(i);
                if (Pool.TracksCaps)
                    foreach (PadataWork helper in mine)
                        Pool.ReleaseCap(helper.Node);
            }
        }
        return unqueued;
    }

    private static PadataWork[] OnNode(PadataWork[] helpers, int node)
    {
        int count = 0;
        foreach (PadataWork helper in helpers)
            if (helper.Node == node)
                count++;
        var mine = new PadataWork[count];
        count = 0;
        foreach (PadataWork helper in helpers)
            if (helper.Node == node)
                mine[count++] = helper;
        return mine;
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

    /// <summary>
    /// Starts now every workqueue thread the engine can use (per node, as many as the pool and the
    /// node's cap let run at once) instead of when a job first needs each, as the kernel's worker
    /// pools have their first workers before padata queues anything: a job's helpers then never wait
    /// for a thread to start, which is most of what a fresh process's first job with helpers pays
    /// (README, "Cold and warm"). The threads sleep until a helper is queued, at the helpers'
    /// priority (<see cref="HelperPriority"/>). Optional; returns how many threads it started (0 once
    /// they all run).
    /// </summary>
    public int StartWorkers()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        int started = 0;
        foreach (Workqueue queue in workqueues)
            started += queue.StartIdleWorkers();
        return started;
    }

    /// <summary>What the engine is doing right now (see <see cref="EngineState"/>), for diagnostics.</summary>
    public EngineState Snapshot()
    {
        int available = Pool.Available;
        int queued = 0, threads = 0, idle = 0, raised = 0, run = 0, foundCancelled = 0;
        foreach (Workqueue workqueue in workqueues)
        {
            var (q, t, i, r, taken, c) = workqueue.Snapshot();
            (queued, threads, idle, raised, run, foundCancelled) = (queued + q, threads + t, idle + i, raised + r, run + taken, foundCancelled + c);
        }
        return new EngineState(Pool.Capacity, available, queued, threads, idle, Volatile.Read(ref disposed) != 0)
        {
            RaisedWorkerThreads = raised,
            HelpersRun = run,
            HelpersCancelled = Pool.CancelledHelpers,
            HelpersFoundCancelled = foundCancelled,
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
        foreach (Workqueue workqueue in workqueues)
            workqueue.Dispose();
    }
}
