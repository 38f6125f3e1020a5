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
        shape += Node != 0 ? $" node={Node}" : "";
        shape += NumaAware ? " numa-aware" : "";
        return Throws ? $"{shape} throws@{string.Join(",", ThrowingChunkStarts)}" : shape;
    }
}
