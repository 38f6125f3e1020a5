namespace Padata;

/// <summary>
/// A multithreaded job, the kernel's <c>struct padata_mt_job</c>: the range
/// <c>[Start, Start + Size)</c> of the caller's units, split into chunks that are handed to
/// <see cref="ChunkFunction"/> by up to <see cref="MaxThreads"/> workers.
/// Immutable; every rule is checked here so that no engine path sees an invalid job.
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
    {
        if (align == 0)
            throw new ArgumentOutOfRangeException(nameof(align), align, "align must be at least 1 (chunk boundaries are multiples of it).");
        if (maxThreads < 1)
            throw new ArgumentOutOfRangeException(nameof(maxThreads), maxThreads, "maxThreads must be at least 1 (the caller is always a worker).");
        if (size > ulong.MaxValue - start)
            throw new ArgumentOutOfRangeException(nameof(size), size,
                $"start + size must not exceed {ulong.MaxValue} (the job's end, start {start} + size {size}, overflows ulong).");
        ArgumentNullException.ThrowIfNull(threadFunction);

        Start = start;
        Size = size;
        Align = align;
        MinChunk = minChunk;
        MaxThreads = maxThreads;
        ThreadFunction = threadFunction;
    }

    public ulong Start { get; }
    public ulong Size { get; }
    public ulong Align { get; }
    public ulong MinChunk { get; }
    public int MaxThreads { get; }
    public ChunkFunction ThreadFunction { get; }

    /// <summary>One past the last unit; cannot overflow (checked at construction).</summary>
    public ulong End => Start + Size;

    public override string ToString() =>
        $"job[start={Start}, size={Size}, align={Align}, min_chunk={MinChunk}, max_threads={MaxThreads}]";
}
