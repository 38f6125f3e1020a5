namespace Padata.Models;

/// <summary>
/// The machine's memory: geometry, nodes, zones and present ranges. Validated on construction, so
/// a model is only ever built over a layout the kernel could boot with: zones do not overlap,
/// present ranges lie inside their zone and do not overlap each other.
/// </summary>
public sealed class MemoryLayout
{
    /// <summary>Zones per node the page flags can name (<see cref="Page.ZoneBits"/>).</summary>
    public const int MaxZonesPerNode = 1 << Page.ZoneBits;

    /// <summary>Node ids the page flags can name (<see cref="Page.NodeBits"/>).</summary>
    public const int MaxNodes = 1 << Page.NodeBits;

    public MemoryLayout(MemoryGeometry geometry, IReadOnlyList<NodeLayout> nodes)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count == 0)
            throw new ArgumentException("nodes must hold at least one node.", nameof(nodes));

        var zones = new List<(NodeLayout Node, ZoneLayout Zone)>();
        foreach (NodeLayout node in nodes)
        {
            if (node.Id is < 0 or >= MaxNodes)
                throw new ArgumentOutOfRangeException(nameof(nodes), node.Id, $"node ids must be between 0 and {MaxNodes - 1}.");
            if (nodes.Count(n => n.Id == node.Id) > 1)
                throw new ArgumentException($"node id {node.Id} appears more than once.", nameof(nodes));
            if (node.Cpus < 1)
                throw new ArgumentOutOfRangeException(nameof(nodes), node.Cpus, $"node {node.Id}: Cpus must be at least 1.");
            if (node.Zones.Count is 0 or > MaxZonesPerNode)
                throw new ArgumentException($"node {node.Id}: a node has 1 to {MaxZonesPerNode} zones, not {node.Zones.Count}.", nameof(nodes));
            foreach (ZoneLayout zone in node.Zones)
            {
                ValidateZone(node, zone);
                zones.Add((node, zone));
            }
        }

        var bySpan = zones.OrderBy(z => z.Zone.Span.Start).ToList();
        for (int i = 1; i < bySpan.Count; i++)
            if (bySpan[i - 1].Zone.Span.Overlaps(bySpan[i].Zone.Span))
                throw new ArgumentException(
                    $"zones overlap: node {bySpan[i - 1].Node.Id} {bySpan[i - 1].Zone.Name} {bySpan[i - 1].Zone.Span} " +
                    $"and node {bySpan[i].Node.Id} {bySpan[i].Zone.Name} {bySpan[i].Zone.Span}.",
                    nameof(nodes));

        Geometry = geometry;
        Nodes = nodes;
        // Never empty: at least one node, each with at least one zone (checked above).
        Span = new PfnRange(bySpan.Min(z => z.Zone.Span.Start), bySpan.Max(z => z.Zone.Span.End));
    }

    public MemoryGeometry Geometry { get; }

    public IReadOnlyList<NodeLayout> Nodes { get; }

    /// <summary>From the lowest zone's start to the highest zone's end: what the memmap covers.</summary>
    public PfnRange Span { get; }

    public ulong PresentPages => Nodes.SelectMany(n => n.Zones).Aggregate(0UL, (sum, z) => sum + z.PresentPages);

    /// <summary>One node of <paramref name="cpus"/> CPUs with one zone that is present from end to end.</summary>
    public static MemoryLayout SingleZone(MemoryGeometry geometry, ulong start, ulong pages, int cpus)
    {
        var span = new PfnRange(start, checked(start + pages));
        return new MemoryLayout(geometry, [new NodeLayout(0, cpus, [new ZoneLayout("Normal", span, [span])])]);
    }

    private static void ValidateZone(NodeLayout node, ZoneLayout zone)
    {
        string where = $"node {node.Id} zone {zone.Name} {zone.Span}";
        var present = zone.Present.OrderBy(r => r.Start).ToList();
        foreach (PfnRange range in present)
        {
            if (range.IsEmpty)
                throw new ArgumentException($"{where}: present range {range} is empty.", "nodes");
            if (!zone.Span.Contains(range))
                throw new ArgumentException($"{where}: present range {range} lies outside its zone.", "nodes");
        }
        for (int i = 1; i < present.Count; i++)
            if (present[i - 1].Overlaps(present[i]))
                throw new ArgumentException($"{where}: present ranges {present[i - 1]} and {present[i]} overlap.", "nodes");
    }

    public override string ToString() => $"{Geometry}; " + string.Join(" | ", Nodes);
}
