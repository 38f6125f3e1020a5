namespace Padata.Harness.Scenarios;

/// <summary>
/// A job as a scenario describes it: the shape of a <see cref="MultithreadedJob"/>, plus the
/// starts of the chunks whose thread function throws (empty for a job that succeeds).
/// <see cref="LongChunks"/> puts a scheduling point inside every call of the thread function.
/// </summary>
internal sealed record JobSpec(ulong Start, ulong Size, ulong Align, ulong MinChunk, int MaxThreads, IReadOnlyList<ulong> ThrowingChunkStarts)
{
    public JobSpec(ulong start, ulong size, ulong align, ulong minChunk, int maxThreads)
        : this(start, size, align, minChunk, maxThreads, [])
    {
    }

    /// <summary>
    /// Every chunk has a scheduling point between its start and its end, so other threads run while
    /// it is in progress: "the caller returns only after every chunk function has returned" is then
    /// observed directly. Costs a scheduling point per chunk.
    /// </summary>
    public bool LongChunks { get; init; }

    /// <summary>
    /// When more than 0, every chunk waits, after its start, until this many of the job's chunks are
    /// in progress at once (the ones after those pass): all the job's workers inside a chunk together.
    /// For a shape whose plan has exactly this many workers and chunks, one each, a job completes only
    /// if every helper granted gets a thread while the others wait (the engine starts a workqueue
    /// thread for every pool item); a helper left waiting for a thread deadlocks it.
    /// </summary>
    public int Rendezvous { get; init; }

    /// <summary>The job's node (<see cref="MultithreadedJob.Node"/>): where its helpers run unless it is NUMA-aware.</summary>
    public int Node { get; init; }

    /// <summary>padata's <c>numa_aware</c> (<see cref="MultithreadedJob.NumaAware"/>).</summary>
    public bool NumaAware { get; init; }

    public ulong End => Start + Size;

    public bool Throws => ThrowingChunkStarts.Count > 0;

    public MultithreadedJob ToJob(ChunkFunction function) =>
        new(Start, Size, Align, MinChunk, MaxThreads, function) { Node = Node, NumaAware = NumaAware };

    public override string ToString()
    {
        string shape = $"start={Start} size={Size} align={Align} min_chunk={MinChunk} max_threads={MaxThreads}";
        shape += LongChunks ? " long-chunks" : "";
        shape += Rendezvous > 0 ? $" rendezvous-of-{Rendezvous}" : "";
        shape += Node != 0 ? $" node={Node}" : "";
        shape += NumaAware ? " numa-aware" : "";
        return Throws ? $"{shape} throws@{string.Join(",", ThrowingChunkStarts)}" : shape;
    }
}
