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
        Zones = layout.Nodes
            .SelectMany(node => node.Zones.Select((zone, index) => new Zone(layout.Geometry, Memmap, node, index, zone)))
            .ToArray();
    }

    public MemoryLayout Layout { get; }

    public MemoryGeometry Geometry => Layout.Geometry;

    public Memmap Memmap { get; }

    public IReadOnlyList<Zone> Zones { get; }
}
