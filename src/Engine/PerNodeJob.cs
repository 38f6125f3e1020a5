namespace Padata;

/// <summary>
/// A multithreaded job given per-node ranges (ktask's <c>ktask_run_numa</c>, docs/design.md §7.3.1):
/// each <see cref="NodeRange"/> is worked by helpers of its own node and by the caller, or, with
/// <see cref="Anywhere"/>, by any helper of the job once its own node's ranges are handed out.
/// Each range is planned as a job of its own by the kernel's rule (<see cref="ChunkPlan"/>), with
/// the job's <see cref="Align"/>, <see cref="MinChunk"/> and <see cref="MaxThreads"/>.
/// Immutable; every rule is checked here so that no engine path sees an invalid job.
/// </summary>
public sealed class PerNodeJob
{
    private readonly NodeRange[] ranges;

    /// <param name="ranges">The ranges, each with its node; pairwise disjoint (a unit belongs to one range), maybe empty.</param>
    /// <param name="align">Interior chunk boundaries of every range are multiples of this; at least 1.</param>
    /// <param name="minChunk">Least work worth one helper in a range; 0 means "no minimum".</param>
    /// <param name="maxThreads">Most workers per range, the caller included; at least 1.</param>
    /// <param name="threadFunction">Called on each chunk's half-open range.</param>
    public PerNodeJob(IReadOnlyList<NodeRange> ranges, ulong align, ulong minChunk, int maxThreads, ChunkFunction threadFunction)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        if (align == 0)
            throw new ArgumentOutOfRangeException(nameof(align), align, "align must be at least 1 (chunk boundaries are multiples of it).");
        if (maxThreads < 1)
            throw new ArgumentOutOfRangeException(nameof(maxThreads), maxThreads, "maxThreads must be at least 1 (the caller is always a worker).");
        ArgumentNullException.ThrowIfNull(threadFunction);
        for (int i = 0; i < ranges.Count; i++)
        {
            NodeRange range = ranges[i];
            if (range.Node < 0)
                throw new ArgumentOutOfRangeException(nameof(ranges), range.Node, $"ranges[{i}].Node must be 0 or more (a node of the engine's topology).");
            if (range.Size > ulong.MaxValue - range.Start)
                throw new ArgumentOutOfRangeException(nameof(ranges), range.Size,
                    $"ranges[{i}]: start + size must not exceed {ulong.MaxValue} (start {range.Start} + size {range.Size} overflows ulong).");
            for (int j = 0; j < i; j++)
                if (range.Size > 0 && ranges[j].Size > 0 && range.Start < ranges[j].End && ranges[j].Start < range.End)
                    throw new ArgumentException($"ranges[{j}] {ranges[j]} and ranges[{i}] {range} overlap: every unit belongs to one range, so it runs exactly once.", nameof(ranges));
        }
        this.ranges = [.. ranges];
        Align = align;
        MinChunk = minChunk;
        MaxThreads = maxThreads;
        ThreadFunction = threadFunction;
        foreach (NodeRange range in this.ranges)
            Size += range.Size;
    }

    public IReadOnlyList<NodeRange> Ranges => ranges;
    public ulong Align { get; }
    public ulong MinChunk { get; }
    public int MaxThreads { get; }
    public ChunkFunction ThreadFunction { get; }

    /// <summary>Units in all ranges together.</summary>
    public ulong Size { get; }

    /// <summary>
    /// ktask's "run work anywhere on the system": a helper that has run out of its own node's ranges
    /// goes on with any other range, and helpers a node's cap refused are placed on other nodes
    /// with room. Without it a helper only ever runs chunks of its own node's ranges.
    /// </summary>
    public bool Anywhere { get; init; }

    /// <summary>The caller's node (0 unless set): the caller works its own node's ranges first, then the others in order.</summary>
    public int Node
    {
        get => node;
        init => node = CallerNode.Checked(value);
    }

    private readonly int node;

    /// <summary>Range <paramref name="index"/> as the job of its own the chunk rule plans it as.</summary>
    internal MultithreadedJob RangeJob(int index) =>
        new(ranges[index].Start, ranges[index].Size, Align, MinChunk, MaxThreads, ThreadFunction);

    public override string ToString() =>
        $"per-node job[{string.Join("; ", ranges)}, align={Align}, min_chunk={MinChunk}, max_threads={MaxThreads}{(Node == 0 ? "" : $", node={Node}")}{(Anywhere ? ", anywhere" : "")}]";
}
