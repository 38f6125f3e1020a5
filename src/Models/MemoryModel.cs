namespace Padata.Models;

/// <summary>
/// A layout brought to life before deferred init: a zero-filled memmap over the whole span and,
/// per zone, an empty buddy allocator.
/// </summary>
public sealed class MemoryModel
{
    public MemoryModel(MemoryLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
        Memmap = new Memmap(layout.Span);
        Zones = BuildZones(layout, Memmap);
    }

    /// <summary>
    /// A model over an existing memmap, cleared here: repeated runs (benchmarks) reuse one memmap
    /// instead of allocating and faulting in a new one each time.
    /// </summary>
    public MemoryModel(MemoryLayout layout, Memmap memmap)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(memmap);
        if (memmap.Span != layout.Span)
            throw new ArgumentException($"memmap covers {memmap.Span}, the layout spans {layout.Span}: they must match.", nameof(memmap));
        memmap.Pages(memmap.Span).Clear();
        Layout = layout;
        Memmap = memmap;
        Zones = BuildZones(layout, memmap);
    }

    public MemoryLayout Layout { get; }

    public MemoryGeometry Geometry => Layout.Geometry;

    public Memmap Memmap { get; }

    public IReadOnlyList<Zone> Zones { get; }

    private static Zone[] BuildZones(MemoryLayout layout, Memmap memmap) =>
        layout.Nodes
            .SelectMany(node => node.Zones.Select((zone, index) => new Zone(layout.Geometry, memmap, node, index, zone)))
            .ToArray();
}
