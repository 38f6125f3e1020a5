namespace Padata;

/// <summary>
/// How many helpers may run at once on each node and on the whole engine (ktask's resource limits,
/// docs/design.md §7.3), shared by every job of the engine. A job takes what the pool and these
/// limits allow at that moment and never waits for more: a helper it could not get means larger
/// chunks, never a blocked caller (the caller always works and is not counted).
/// <para>
/// The default rule (<see cref="For(Topology)"/>): 80% of the CPUs, rounded down, per node and
/// system-wide, but at least 1 helper where there are 2 or more CPUs. A node of one CPU gets no
/// helper (its one CPU is its caller's); 2 CPUs give 1, 5 give 4, 10 give 8.
/// </para>
/// </summary>
public sealed class HelperLimits
{
    private readonly int[] perNode;

    /// <param name="perNode">Most helpers running at once on each node, 0 or more, one per node.</param>
    /// <param name="systemWide">Most helpers running at once on the engine, 0 or more.</param>
    public HelperLimits(IReadOnlyList<int> perNode, int systemWide)
    {
        ArgumentNullException.ThrowIfNull(perNode);
        if (perNode.Count == 0)
            throw new ArgumentException("perNode must give a cap for at least one node.", nameof(perNode));
        for (int node = 0; node < perNode.Count; node++)
            if (perNode[node] < 0)
                throw new ArgumentOutOfRangeException(nameof(perNode), perNode[node], $"the cap of node {node} must be 0 or more.");
        ArgumentOutOfRangeException.ThrowIfNegative(systemWide);
        this.perNode = [.. perNode];
        SystemWide = systemWide;
    }

    /// <summary>The default rule applied to <paramref name="topology"/>: <see cref="DefaultCap"/> of each node's CPUs and of all of them.</summary>
    public static HelperLimits For(Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return new HelperLimits(topology.CpusPerNode.Select(DefaultCap).ToArray(), DefaultCap(topology.TotalCpus));
    }

    /// <summary>No limit but the pool's (what an engine made from a pool size alone has).</summary>
    public static HelperLimits None(int nodes) => new(Enumerable.Repeat(int.MaxValue, nodes).ToArray(), int.MaxValue);

    /// <summary>80% of <paramref name="cpus"/> rounded down, and at least 1 when <paramref name="cpus"/> is 2 or more.</summary>
    public static int DefaultCap(int cpus)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cpus);
        int cap = (int)(cpus * 4L / 5);
        return cpus >= 2 ? Math.Max(cap, 1) : cap;
    }

    public IReadOnlyList<int> PerNode => perNode;

    public int SystemWide { get; }

    public int CapOf(int node) => perNode[node];

    /// <summary>Whether any cap is below <paramref name="poolCapacity"/>, the most helpers the pool alone allows.</summary>
    public bool Binds(int poolCapacity) => SystemWide < poolCapacity || perNode.Any(cap => cap < poolCapacity);

    public override string ToString() =>
        $"caps: per node {string.Join("/", perNode.Select(c => c == int.MaxValue ? "∞" : c.ToString()))}, system {(SystemWide == int.MaxValue ? "∞" : SystemWide)}";
}
