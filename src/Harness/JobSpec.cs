namespace Padata.Harness;

/// <summary>
/// A job as a scenario describes it: the shape of a <see cref="MultithreadedJob"/>, plus the
/// starts of the chunks whose thread function throws (empty for a job that succeeds).
/// </summary>
public sealed record JobSpec(ulong Start, ulong Size, ulong Align, ulong MinChunk, int MaxThreads, IReadOnlyList<ulong> ThrowingChunkStarts)
{
    public JobSpec(ulong start, ulong size, ulong align, ulong minChunk, int maxThreads)
        : this(start, size, align, minChunk, maxThreads, [])
    {
    }

    public ulong End => Start + Size;

    public bool Throws => ThrowingChunkStarts.Count > 0;

    public MultithreadedJob ToJob(ChunkFunction function) => new(Start, Size, Align, MinChunk, MaxThreads, function);

    public override string ToString()
    {
        string shape = $"start={Start} size={Size} align={Align} min_chunk={MinChunk} max_threads={MaxThreads}";
        return Throws ? $"{shape} throws@{string.Join(",", ThrowingChunkStarts)}" : shape;
    }
}
