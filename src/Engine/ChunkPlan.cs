namespace Padata;

/// <summary>
/// How a job is split, as a pure function of the job and of the number of work items the pool
/// granted. This is the only implementation of the kernel's rules: the run-time helper loop takes
/// its chunks through <see cref="NextChunk"/> and its chunk size from <see cref="ChunkSizeFor"/>,
/// so the chunks a run hands out are exactly <see cref="Chunks"/> (in some interleaving).
/// </summary>
public sealed class ChunkPlan
{
    /// <summary>Chunks per worker the chunk size aims at, so workers that finish early can take more.</summary>
    public const ulong LoadBalanceFactor = 4;

    private ChunkPlan(int requestedWorkers, int workers, ulong chunkSize, IReadOnlyList<Chunk> chunks)
    {
        RequestedWorkers = requestedWorkers;
        Workers = workers;
        ChunkSize = chunkSize;
        Chunks = chunks;
    }

    /// <summary>Workers the job asks for, the caller included (0 for an empty job).</summary>
    public int RequestedWorkers { get; }

    /// <summary>Workers that run: the caller plus the granted helpers (0 for an empty job).</summary>
    public int Workers { get; }

    /// <summary>Helpers taken from the pool and queued on the workqueue.</summary>
    public int Helpers => Math.Max(Workers - 1, 0);

    /// <summary>True when the caller runs the whole range itself with no lock and no pool (the kernel's fast path).</summary>
    public bool IsSingleThreaded => RequestedWorkers == 1;

    /// <summary>The chunk size: on the fast path the whole job, on an empty job 0.</summary>
    public ulong ChunkSize { get; }

    /// <summary>The chunks in hand-out order; they partition the job's range.</summary>
    public IReadOnlyList<Chunk> Chunks { get; }

    /// <summary>
    /// The kernel's <c>nworks</c>: one worker per <c>max(min_chunk, align)</c> units, at least one,
    /// at most <c>max_threads</c>; 0 for an empty job, which never runs.
    /// </summary>
    public static int RequestedWorkersFor(MultithreadedJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Size == 0)
            return 0;
        ulong nworks = Math.Max(job.Size / Math.Max(job.MinChunk, job.Align), 1UL);
        return (int)Math.Min(nworks, (ulong)job.MaxThreads);
    }

    /// <summary>
    /// The chunk size for a job that runs with <paramref name="workers"/> workers (granted, not
    /// requested: a short pool means fewer, larger chunks). The <c>max(…, 1)</c> comes before the
    /// rounding to <c>align</c>, so the result is always a non-zero multiple of align (upstream
    /// 6d45e1c948a8 and 24cc57d8faaa fixed exactly these two steps).
    /// </summary>
    public static ulong ChunkSizeFor(MultithreadedJob job, int workers)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ulong chunk = job.Size / ((ulong)workers * LoadBalanceFactor);
        chunk = Math.Max(chunk, job.MinChunk);
        chunk = Math.Max(chunk, 1UL);
        return RoundUp(chunk, job.Align);
    }

    /// <summary>
    /// The next chunk at <paramref name="position"/> with <paramref name="remaining"/> units left:
    /// it ends at the next absolute multiple of <paramref name="chunkSize"/> (so interior
    /// boundaries stay aligned even when the job's start is not), clipped to the job's end.
    /// Written as a distance, not as <c>roundup(pos + 1, chunk)</c>, so it cannot overflow near
    /// <see cref="ulong.MaxValue"/>.
    /// </summary>
    public static Chunk NextChunk(ulong position, ulong remaining, ulong chunkSize)
    {
        ulong toBoundary = chunkSize - position % chunkSize;
        return new Chunk(position, position + Math.Min(toBoundary, remaining));
    }

    /// <summary>
    /// The plan for <paramref name="job"/> when the pool granted <paramref name="grantedHelpers"/>
    /// work items (at most <c>RequestedWorkers - 1</c>; 0 on the fast path).
    /// </summary>
    public static ChunkPlan Create(MultithreadedJob job, int grantedHelpers)
    {
        int requested = RequestedWorkersFor(job);
        int maxHelpers = Math.Max(requested - 1, 0);
        if (grantedHelpers < 0 || grantedHelpers > maxHelpers)
            throw new ArgumentOutOfRangeException(nameof(grantedHelpers), grantedHelpers,
                $"grantedHelpers must be between 0 and {maxHelpers} (the job requests {requested} workers, the caller included).");

        if (requested == 0)
            return new ChunkPlan(0, 0, 0, []);
        if (requested == 1)
            return new ChunkPlan(1, 1, job.Size, [new Chunk(job.Start, job.End)]);

        int workers = 1 + grantedHelpers;
        ulong chunkSize = ChunkSizeFor(job, workers);
        var chunks = new List<Chunk>();
        for (ulong position = job.Start, remaining = job.Size; remaining > 0;)
        {
            Chunk chunk = NextChunk(position, remaining, chunkSize);
            chunks.Add(chunk);
            position = chunk.End;
            remaining -= chunk.Size;
        }
        return new ChunkPlan(requested, workers, chunkSize, chunks);
    }

    /// <summary>
    /// The helpers a <see cref="PerNodeJob"/> asks for on each of <paramref name="nodes"/> nodes
    /// (docs/design.md §7.3.1): each range is planned as a job of its own and asks for
    /// <see cref="RequestedWorkersFor"/> workers; the caller is one worker of every range, so a node
    /// asks for as many helpers as its largest request less the caller, and no more (its helpers
    /// work its ranges one after another).
    /// </summary>
    public static int[] HelpersWantedPerNode(PerNodeJob job, int nodes)
    {
        ArgumentNullException.ThrowIfNull(job);
        var wanted = new int[nodes];
        for (int r = 0; r < job.Ranges.Count; r++)
        {
            int node = job.Ranges[r].Node;
            wanted[node] = Math.Max(wanted[node], RequestedWorkersFor(job.RangeJob(r)) - 1);
        }
        return wanted;
    }

    /// <summary>
    /// The chunk size of range <paramref name="index"/> of <paramref name="job"/> when
    /// <paramref name="helpersAble"/> granted helpers may work it (its node's, or all the job's when
    /// it runs anywhere): the kernel's rule for the range as a job of its own run by the caller and
    /// those helpers, but never more workers than the range asks for. 0 when the range is one chunk
    /// (it asks for one worker: the fast path) or empty.
    /// </summary>
    public static ulong RangeChunkSize(PerNodeJob job, int index, int helpersAble)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentOutOfRangeException.ThrowIfNegative(helpersAble);
        MultithreadedJob range = job.RangeJob(index);
        int requested = RequestedWorkersFor(range);
        if (requested <= 1)
            return 0;
        return ChunkSizeFor(range, Math.Min(1 + helpersAble, requested));
    }

    /// <summary>The least multiple of <paramref name="align"/> that is ≥ <paramref name="value"/>.</summary>
    private static ulong RoundUp(ulong value, ulong align)
    {
        ulong rest = value % align;
        return rest == 0 ? value : checked(value + (align - rest));
    }
}
