namespace Padata.Models;

/// <summary>A zone of a built model: its layout, its node, its buddy allocator.</summary>
public sealed class Zone
{
    internal Zone(MemoryGeometry geometry, Memmap memmap, NodeLayout node, int index, ZoneLayout layout)
    {
        Geometry = geometry;
        Node = node;
        Index = index;
        Layout = layout;
        present = layout.Present.OrderBy(r => r.Start).ToArray();
        ulong pages = 0;
        foreach (PfnRange range in present)
            pages += range.Length;
        PresentPages = pages;
        Buddy = new BuddyAllocator(memmap, layout.Span, ZoneId, geometry.MaxOrder);
    }

    public MemoryGeometry Geometry { get; }

    public NodeLayout Node { get; }

    /// <summary>The zone's position in its node (the zone bits of page flags).</summary>
    public int Index { get; }

    public ZoneLayout Layout { get; }

    public string Name => $"node{Node.Id}/{Layout.Name}";

    public PfnRange Span => Layout.Span;

    // An array, and the page count computed here: the init job reads them, and on a job's first run
    // (cold) every generic interface call over a struct it makes costs a JIT compilation that
    // ReadyToRun code could not carry (docs/benchmarks.md, "Cold and warm").
    private readonly PfnRange[] present;

    /// <summary>Present ranges in ascending order.</summary>
    public IReadOnlyList<PfnRange> Present => present;

    /// <summary><see cref="Present"/> as the array it is, for the init job's walk.</summary>
    internal PfnRange[] PresentRanges => present;

    /// <summary>Pages in the present ranges (the layout's <see cref="ZoneLayout.PresentPages"/>).</summary>
    public ulong PresentPages { get; }

    public BuddyAllocator Buddy { get; }

    /// <summary>The flags <c>set_page_links</c> gives a page of this zone.</summary>
    public ulong LinksFor(ulong pfn) => Page.Links(Index, Node.Id, Geometry.SectionOf(pfn));

    /// <summary>The zone/node bits every page of the zone carries.</summary>
    public ulong ZoneId => Page.Links(Index, Node.Id, 0);

    public override string ToString() => $"{Name} {Span}";
}
