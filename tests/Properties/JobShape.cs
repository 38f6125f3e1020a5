namespace Padata.Properties;

/// <summary>The numbers of a <see cref="MultithreadedJob"/>, without its function, so FsCheck can generate and shrink them.</summary>
public sealed record JobShape(ulong Start, ulong Size, ulong Align, ulong MinChunk, int MaxThreads)
{
    public ulong End => Start + Size;

    public MultithreadedJob ToJob(ChunkFunction function) => new(Start, Size, Align, MinChunk, MaxThreads, function);

    public MultithreadedJob ToJob() => ToJob(static (_, _) => { });
}

/// <summary>A job shape plus the engine it runs on.</summary>
public sealed record RunShape(JobShape Job, int PoolCapacity);
