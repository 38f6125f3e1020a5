namespace Padata;

/// <summary>
/// A multithreaded job, the kernel's <c>struct padata_mt_job</c>: the range
/// <c>[Start, Start + Size)</c> of the caller's units, split into chunks that are handed to
/// <see cref="ChunkFunction"/> by up to <see cref="MaxThreads"/> workers.
/// Immutable; every rule is checked here so that no engine path sees an invalid job.
/// <para>
/// A job may carry an <see cref="UndoFunction"/> (ktask's <c>kc_undo_func</c>): when a chunk of
/// the job throws, the engine rolls back every chunk whose thread function returned normally,
/// once each, before the caller gets the <see cref="JobFailedException"/>. The chunk that threw
/// is not undone: its thread function cleans up its own partial work before throwing.
/// </para>
/// </summary>
public sealed class MultithreadedJob
{
    /// <param name="start">First unit of the job.</param>
    /// <param name="size">Number of units; 0 makes the job a no-op.</param>
    /// <param name="align">Interior chunk boundaries are multiples of this; at least 1.</param>
    /// <param name="minChunk">Least work worth one helper; 0 is legal and means "no minimum".</param>
    /// <param name="maxThreads">Most workers the job may use, the caller included; at least 1.</param>
    /// <param name="threadFunction">Called on each chunk's half-open range.</param>
    public MultithreadedJob(ulong start, ulong size, ulong align, ulong minChunk, int maxThreads, ChunkFunction threadFunction)
        : this(start, size, align, minChunk, maxThreads, threadFunction, undoFunction: null)
    {
    }

    /// <param name="start">First unit of the job.</param>
    /// <param name="size">Number of units; 0 makes the job a no-op.</param>
    /// <param name="align">Interior chunk boundaries are multiples of this; at least 1.</param>
    /// <param name="minChunk">Least work worth one helper; 0 is legal and means "no minimum".</param>
    /// <param name="maxThreads">Most workers the job may use, the caller included; at least 1.</param>
    /// <param name="threadFunction">Called on each chunk's half-open range.</param>
    /// <param name="undoFunction">
    /// Null for a job without undo; otherwise called, after a failure, on the range of each chunk
    /// whose thread function returned normally (see <see cref="UndoFunction"/>).
    /// </param>
    public MultithreadedJob(ulong start, ulong size, ulong align, ulong minChunk, int maxThreads, ChunkFunction threadFunction, ChunkFunction? undoFunction)
    {
        if (align == 0)
            throw new ArgumentOutOfRangeException(nameof(align), align, "align must be at least 1 (chunk boundaries are multiples of it).");
        if (maxThreads < 1)
            throw new ArgumentOutOfRangeException(nameof(maxThreads), maxThreads, "maxThreads must be at least 1 (the caller is always a worker).");
        if (size > ulong.MaxValue - start)
            throw new ArgumentOutOfRangeException(nameof(size), size,
                $"start + size must not exceed {ulong.MaxValue} (the job's end, start {start} + size {size}, overflows ulong).");
        if (threadFunction is null)
            throw new ArgumentNullException(nameof(threadFunction), undoFunction is null
                ? "threadFunction must not be null (it is what the job runs on each chunk)."
                : "threadFunction must not be null: an undo function rolls back what the thread function did, so a job with an undoFunction needs a thread function.");

        Start = start;
        Size = size;
        Align = align;
        MinChunk = minChunk;
        MaxThreads = maxThreads;
        ThreadFunction = threadFunction;
        UndoFunction = undoFunction;
    }

    public ulong Start { get; }
    public ulong Size { get; }
    public ulong Align { get; }
    public ulong MinChunk { get; }
    public int MaxThreads { get; }
    public ChunkFunction ThreadFunction { get; }

    /// <summary>
    /// The caller's node (0 unless set): where the helpers of a job that is not
    /// <see cref="NumaAware"/> run, as an unbound workqueue runs work near the CPU that queued it.
    /// </summary>
    public int Node
    {
        get => node;
        init => node = CallerNode.Checked(value);
    }

    private readonly int node;

    /// <summary>
    /// padata's <c>numa_aware</c>: the helpers are spread round-robin over the engine's nodes,
    /// each from the node after the one the engine's previous NUMA-aware helper went to, passing
    /// over nodes at their cap.
    /// </summary>
    public bool NumaAware { get; init; }

    /// <summary>
    /// Rolls back one completed chunk (ktask's <c>kc_undo_func</c>), or null. Contract: on
    /// success it is never called; when a chunk throws, it is called once on each chunk whose
    /// thread function returned normally, never on the chunk that threw or on a chunk never
    /// started, on the caller's thread, after every worker has stopped and before the caller
    /// throws. An undo that throws does not stop the others; it is reported in the same
    /// <see cref="JobFailedException"/> as a failure with <see cref="FailurePhase.Undo"/>.
    /// </summary>
    public ChunkFunction? UndoFunction { get; }

    /// <summary>One past the last unit; cannot overflow (checked at construction).</summary>
    public ulong End => Start + Size;

    public override string ToString() =>
        $"job[start={Start}, size={Size}, align={Align}, min_chunk={MinChunk}, max_threads={MaxThreads}{(UndoFunction is null ? "" : ", undo")}{(Node == 0 ? "" : $", node={Node}")}{(NumaAware ? ", numa_aware" : "")}]";
}
