namespace Padata;

/// <summary>What a completed <see cref="PerNodeJob"/> did.</summary>
/// <param name="HelpersPerNode">Helpers granted on each node of the engine's topology (the caller is not counted).</param>
/// <param name="ChunkSizes">Per range, the chunk size used (the whole range when it was one chunk; 0 for an empty range).</param>
/// <param name="Chunks">Calls of the thread function.</param>
public sealed record PerNodeJobResult(IReadOnlyList<int> HelpersPerNode, IReadOnlyList<ulong> ChunkSizes, int Chunks)
{
    /// <summary>Workers that ran: the caller plus every helper granted.</summary>
    public int Workers => 1 + HelpersPerNode.Sum();
}
