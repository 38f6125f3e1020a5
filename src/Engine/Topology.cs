namespace Padata;

/// <summary>
/// The NUMA nodes an engine's helpers run on, and the CPUs of each (docs/design.md §7.3). Logical:
/// the engine does not pin threads to CPUs; a node is a workqueue of its own, so "a helper of node
/// N" is a helper run by a thread of node N's workqueue (see <see cref="PadataEngine.CurrentHelperNode"/>).
/// </summary>
public sealed class Topology
{
    private readonly int[] cpusPerNode;

    /// <param name="cpusPerNode">CPUs of node 0, 1, ...: at least one node, each with at least one CPU.</param>
    public Topology(IReadOnlyList<int> cpusPerNode)
    {
        ArgumentNullException.ThrowIfNull(cpusPerNode);
        if (cpusPerNode.Count == 0)
            throw new ArgumentException("cpusPerNode must list at least one node.", nameof(cpusPerNode));
        for (int node = 0; node < cpusPerNode.Count; node++)
            if (cpusPerNode[node] < 1)
                throw new ArgumentOutOfRangeException(nameof(cpusPerNode), cpusPerNode[node], $"node {node} must have at least 1 CPU.");
        this.cpusPerNode = [.. cpusPerNode];
        TotalCpus = this.cpusPerNode.Sum();
    }

    /// <summary>This machine as the engine sees it: one node with every processor.</summary>
    public static Topology Machine => new([Environment.ProcessorCount]);

    /// <summary><paramref name="nodes"/> nodes of <paramref name="cpusPerNode"/> CPUs each.</summary>
    public static Topology Uniform(int nodes, int cpusPerNode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cpusPerNode, 1);
        return new Topology(Enumerable.Repeat(cpusPerNode, nodes).ToArray());
    }

    public int NodeCount => cpusPerNode.Length;

    public int TotalCpus { get; }

    public IReadOnlyList<int> CpusPerNode => cpusPerNode;

    public int CpusOf(int node) => cpusPerNode[node];

    public override string ToString() => $"{NodeCount} node(s), CPUs {string.Join("+", cpusPerNode)}";
}
