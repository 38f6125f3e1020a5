using Padata.Models;

namespace Padata.Properties;

/// <summary>A stretch of a zone: present memory or a hole.</summary>
public sealed record Segment(ulong Length, bool Present);

/// <summary>A zone: a gap after the previous zone, then its segments in order.</summary>
public sealed record ZoneShape(ulong Gap, IReadOnlyList<Segment> Segments);

/// <summary>A node: its CPUs and zones.</summary>
public sealed record NodeShape(int Cpus, IReadOnlyList<ZoneShape> Zones);

/// <summary>
/// A generated machine: a small geometry (largest block 2^MaxOrder, section 2^SectionOrder pages),
/// nodes laid out upwards from <see cref="Base"/>, and the engine's pool. Nothing is forced onto
/// section or block boundaries: zones and present ranges start and end anywhere.
/// </summary>
public sealed record LayoutShape(int MaxOrder, int SectionOrder, ulong Base, IReadOnlyList<NodeShape> Nodes, int PoolCapacity)
{
    public MemoryGeometry Geometry => new(4096, 1UL << SectionOrder, MaxOrder);

    public MemoryLayout ToLayout()
    {
        ulong pfn = Base;
        var nodes = new List<NodeLayout>();
        for (int n = 0; n < Nodes.Count; n++)
        {
            var zones = new List<ZoneLayout>();
            for (int z = 0; z < Nodes[n].Zones.Count; z++)
            {
                ZoneShape shape = Nodes[n].Zones[z];
                ulong start = pfn + shape.Gap;
                pfn = start;
                var present = new List<PfnRange>();
                foreach (Segment segment in shape.Segments)
                {
                    if (segment.Present)
                        present.Add(new PfnRange(pfn, pfn + segment.Length));
                    pfn += segment.Length;
                }
                zones.Add(new ZoneLayout($"Z{z}", new PfnRange(start, pfn), present));
            }
            nodes.Add(new NodeLayout(n, Nodes[n].Cpus, zones));
        }
        return new MemoryLayout(Geometry, nodes);
    }

    public override string ToString() => $"pool={PoolCapacity} {ToLayout()}";
}
