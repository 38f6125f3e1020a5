namespace Padata.Models;

/// <summary>
/// Deferred struct page init (the kernel's <c>deferred_init_memmap</c>): per zone, one
/// multithreaded job over the zone's pfns with align = min_chunk = a section and max_threads =
/// the CPUs of the zone's node, whose thread function is <see cref="DeferredInitChunk"/>.
/// Zones run one after another, each job waited for before the next (a node's pgdatinit thread
/// does its zones in order; nodes are not run in parallel here).
/// </summary>
public static class DeferredPageInit
{
    /// <summary>The multithreaded job that initializes <paramref name="zone"/> of <paramref name="model"/>.</summary>
    public static MultithreadedJob JobFor(MemoryModel model, Zone zone)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(zone);
        if (!model.Zones.Contains(zone))
            throw new ArgumentException($"zone {zone} is not a zone of this model.", nameof(zone));
        ulong section = model.Geometry.PagesPerSection;
        return new MultithreadedJob(zone.Span.Start, zone.Span.Length, align: section, minChunk: section,
                                    maxThreads: zone.Node.Cpus, new DeferredInitChunk(model.Memmap, zone).Run);
    }

    /// <summary>Initializes every zone of <paramref name="model"/> on <paramref name="engine"/>.</summary>
    public static IReadOnlyList<ZoneInitResult> Run(PadataEngine engine, MemoryModel model)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(model);
        var results = new List<ZoneInitResult>(model.Zones.Count);
        foreach (Zone zone in model.Zones)
            results.Add(new ZoneInitResult(zone.Name, zone.PresentPages, engine.DoMultithreaded(JobFor(model, zone))));
        return results;
    }
}
