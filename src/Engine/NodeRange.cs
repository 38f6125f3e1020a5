namespace Padata;

/// <summary>
/// One node's share of a <see cref="PerNodeJob"/> (ktask's <c>struct ktask_node</c>): the units
/// <c>[Start, Start + Size)</c>, worked by the helpers of <see cref="Node"/> and by the job's caller
/// (docs/design.md §7.3.1).
/// </summary>
/// <param name="Node">The node whose helpers work the range; a node of the engine's topology.</param>
/// <param name="Start">First unit of the range.</param>
/// <param name="Size">Number of units; 0 is legal (the range has nothing to hand out).</param>
public readonly record struct NodeRange(int Node, ulong Start, ulong Size)
{
    /// <summary>One past the last unit (the job checks it does not overflow).</summary>
    public ulong End => Start + Size;

    public override string ToString() => $"node {Node}: [{Start}, {Start + Size})";
}
