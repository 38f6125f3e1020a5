namespace Padata.Harness.Scenarios;

/// <summary>
/// A per-node job as a scenario describes it (docs/design.md §7.3.1): the ranges with their nodes,
/// the chunk rule's parameters, whether any helper may take any range, and the caller's node.
/// </summary>
internal sealed record PerNodeSpec(IReadOnlyList<NodeRange> Ranges, ulong Align, ulong MinChunk, int MaxThreads)
{
    /// <summary>ktask's "run work anywhere" (<see cref="PerNodeJob.Anywhere"/>).</summary>
    public bool Anywhere { get; init; }

    /// <summary>The caller's node (<see cref="PerNodeJob.Node"/>).</summary>
    public int Node { get; init; }

    /// <summary>Ranges of <paramref name="size"/> units each, one per node in turn, laid end to end from 0.</summary>
    public static PerNodeSpec Adjacent(int nodes, ulong size, ulong align, ulong minChunk, int maxThreads) =>
        new(Enumerable.Range(0, nodes).Select(n => new NodeRange(n, (ulong)n * size, size)).ToArray(), align, minChunk, maxThreads);

    public PerNodeJob ToJob(ChunkFunction function) =>
        new(Ranges, Align, MinChunk, MaxThreads, function) { Anywhere = Anywhere, Node = Node };

    public override string ToString() =>
        $"ranges {string.Join(", ", Ranges)} align={Align} min_chunk={MinChunk} max_threads={MaxThreads}" +
        (Node != 0 ? $" caller-node={Node}" : "") + (Anywhere ? " anywhere" : "");
}
