namespace Padata;

/// <summary>
/// The hand-out state of a <see cref="PerNodeJob"/>'s ranges (docs/design.md §7.3.1): per range, the
/// next unit to hand out, the units left and the chunk size. No lock of its own: every member is
/// called holding the gate of the job's <see cref="JobState"/>, the one lock of the job, so a chunk
/// is found and its range advanced past it in that one critical section.
/// <para>
/// Invariants under that gate, per range: <c>position + remaining == range end</c> until a failure
/// stops the hand-out, and every unit of <c>[range start, position)</c> was handed out exactly once.
/// </para>
/// </summary>
internal sealed class NodeRanges
{
    private readonly NodeRange[] ranges;
    private readonly ulong[] position;
    private readonly ulong[] remaining;
    // 0 for a range that is one chunk (its job asks for one worker: the kernel's fast path).
    private readonly ulong[] chunkSize;

    /// <param name="chunkSizes">Per range, the chunk size, or 0 for a range handed out as one chunk.</param>
    public NodeRanges(IReadOnlyList<NodeRange> ranges, IReadOnlyList<ulong> chunkSizes)
    {
        this.ranges = [.. ranges];
        position = new ulong[this.ranges.Length];
        remaining = new ulong[this.ranges.Length];
        chunkSize = [.. chunkSizes];
        for (int r = 0; r < this.ranges.Length; r++)
        {
            position[r] = this.ranges[r].Start;
            remaining[r] = this.ranges[r].Size;
        }
    }

    /// <summary>
    /// Called holding the job's gate: the next chunk for a worker of <paramref name="node"/>, with
    /// its range advanced past it, or null. The node's own ranges come first, in the job's order;
    /// then, only when <paramref name="anyRange"/> (the caller, or a helper of an "anywhere" job),
    /// every other range in order.
    /// </summary>
    public Chunk? Next(int node, bool anyRange)
    {
        int r = FirstWithWork(node);
        if (r < 0 && anyRange)
            r = FirstWithWork(-1);
        if (r < 0)
            return null;
        Chunk chunk = chunkSize[r] == 0
            ? new Chunk(position[r], position[r] + remaining[r])
            : ChunkPlan.NextChunk(position[r], remaining[r], chunkSize[r]);
        position[r] = chunk.End;
        remaining[r] -= chunk.Size;
        return chunk;
    }

    /// <summary>Called holding the gate: the first range of <paramref name="node"/> (any node for -1) with units left, or -1.</summary>
    private int FirstWithWork(int node)
    {
        for (int r = 0; r < ranges.Length; r++)
            if (remaining[r] > 0 && (node < 0 || ranges[r].Node == node))
                return r;
        return -1;
    }

    /// <summary>Called holding the gate, after a chunk threw: no range hands out another chunk.</summary>
    public void StopHandOut() => Array.Clear(remaining);
}
