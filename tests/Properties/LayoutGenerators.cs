using FsCheck;
using FsCheck.Fluent;

namespace Padata.Properties;

/// <summary>
/// Random machines for the page-init properties: one to three nodes of one to three zones, holes
/// anywhere (a zone may be all hole), nothing aligned. Shrinking drops nodes, zones and segments
/// and shortens what is left, so a counterexample comes out as the smallest layout that fails.
/// </summary>
public static class LayoutGenerators
{
    public static Arbitrary<LayoutShape> LayoutShape() => Arb.From(Layouts, Shrink);

    private static Gen<ulong> Between(int low, int high) => Gen.Choose(low, high).Select(v => (ulong)v);

    private static readonly Gen<Segment> Segments =
        from length in Gen.Frequency((4, Between(1, 12)), (1, Between(1, 48)))
        from present in Gen.Frequency((7, Gen.Constant(true)), (3, Gen.Constant(false)))
        select new Segment(length, present);

    private static readonly Gen<ZoneShape> Zones =
        from gap in Gen.Frequency((2, Gen.Constant(0UL)), (1, Between(0, 9)))
        from segments in Gen.Choose(1, 5).SelectMany(n => Segments.ListOf(n))
        select new ZoneShape(gap, segments.ToArray());

    private static readonly Gen<NodeShape> Nodes =
        from cpus in Gen.Choose(1, 4)
        from zones in Gen.Choose(1, 3).SelectMany(n => Zones.ListOf(n))
        select new NodeShape(cpus, zones.ToArray());

    private static readonly Gen<LayoutShape> Layouts =
        from maxOrder in Gen.Choose(0, 3)
        from sectionOrder in Gen.Choose(maxOrder, maxOrder + 2)
        from baseFrame in Gen.Frequency((1, Gen.Constant(0UL)), (2, Between(0, 70)))
        from nodes in Gen.Frequency((3, Gen.Constant(1)), (2, Gen.Choose(2, 3))).SelectMany(n => Nodes.ListOf(n))
        from pool in Gen.Choose(0, 4)
        select new LayoutShape(maxOrder, sectionOrder, baseFrame, nodes.ToArray(), pool);

    private static IEnumerable<LayoutShape> Shrink(LayoutShape s)
    {
        for (int n = 0; n < s.Nodes.Count && s.Nodes.Count > 1; n++)
            yield return s with { Nodes = Without(s.Nodes, n) };
        for (int n = 0; n < s.Nodes.Count; n++)
            foreach (NodeShape node in ShrinkNode(s.Nodes[n]))
                yield return s with { Nodes = With(s.Nodes, n, node) };
        if (s.Base > 0) yield return s with { Base = 0 };
        if (s.PoolCapacity > 0) yield return s with { PoolCapacity = s.PoolCapacity - 1 };
        if (s.SectionOrder > s.MaxOrder) yield return s with { SectionOrder = s.SectionOrder - 1 };
        if (s.MaxOrder > 0) yield return s with { MaxOrder = s.MaxOrder - 1, SectionOrder = s.SectionOrder - 1 };
    }

    private static IEnumerable<NodeShape> ShrinkNode(NodeShape node)
    {
        for (int z = 0; z < node.Zones.Count && node.Zones.Count > 1; z++)
            yield return node with { Zones = Without(node.Zones, z) };
        for (int z = 0; z < node.Zones.Count; z++)
            foreach (ZoneShape zone in ShrinkZone(node.Zones[z]))
                yield return node with { Zones = With(node.Zones, z, zone) };
        if (node.Cpus > 1) yield return node with { Cpus = node.Cpus - 1 };
    }

    private static IEnumerable<ZoneShape> ShrinkZone(ZoneShape zone)
    {
        if (zone.Gap > 0) yield return zone with { Gap = 0 };
        for (int i = 0; i < zone.Segments.Count && zone.Segments.Count > 1; i++)
            yield return zone with { Segments = Without(zone.Segments, i) };
        for (int i = 0; i < zone.Segments.Count; i++)
        {
            Segment segment = zone.Segments[i];
            if (segment.Length > 1)
            {
                yield return zone with { Segments = With(zone.Segments, i, segment with { Length = segment.Length / 2 }) };
                yield return zone with { Segments = With(zone.Segments, i, segment with { Length = segment.Length - 1 }) };
            }
        }
    }

    private static T[] Without<T>(IReadOnlyList<T> items, int index) => items.Where((_, i) => i != index).ToArray();

    private static T[] With<T>(IReadOnlyList<T> items, int index, T item) => items.Select((x, i) => i == index ? item : x).ToArray();
}
