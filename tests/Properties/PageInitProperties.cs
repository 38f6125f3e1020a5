using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Padata.Models;

namespace Padata.Properties;

/// <summary>
/// Deferred struct page init on the native engine over random machines (DESIGN.md §3): each
/// property builds a fresh model, runs deferred init on an engine with the shape's pool, and
/// checks one group of invariants afterwards.
/// </summary>
[Properties(Arbitrary = [typeof(LayoutGenerators)], MaxTest = 200)]
public class PageInitProperties
{
    private static MemoryModel Initialized(LayoutShape shape, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var model = new MemoryModel(shape.ToLayout());
        using var engine = new BoundedEngine(shape.PoolCapacity, test); // named for the property that calls this
        engine.Run($"deferred page init of {shape}", e => DeferredPageInit.Run(e, model));
        return model;
    }

    private static IEnumerable<(Zone Zone, ulong Pfn)> PresentPages(MemoryModel model) =>
        model.Zones.SelectMany(z => z.Present.SelectMany(r => Pfns(r).Select(pfn => (z, pfn))));

    private static IEnumerable<ulong> Pfns(PfnRange range)
    {
        for (ulong pfn = range.Start; pfn < range.End; pfn++)
            yield return pfn;
    }

    [Property]
    public void Every_present_page_is_initialized_exactly_once_and_freed_exactly_once(LayoutShape shape)
    {
        MemoryModel model = Initialized(shape);
        var wrong = PresentPages(model)
            .Where(p => model.Memmap[p.Pfn].Initializations != 1 || model.Memmap[p.Pfn].Frees != 1)
            .Select(p => $"{p.Zone.Name} pfn {p.Pfn}: initialized {model.Memmap[p.Pfn].Initializations}x, freed {model.Memmap[p.Pfn].Frees}x")
            .ToList();
        Assert.Empty(wrong);
    }

    [Property]
    public void Every_present_page_carries_its_zone_node_and_section(LayoutShape shape)
    {
        MemoryModel model = Initialized(shape);
        Assert.All(PresentPages(model), p =>
        {
            Page page = model.Memmap[p.Pfn];
            Assert.Equal((p.Zone.Index, p.Zone.Node.Id, model.Geometry.SectionOf(p.Pfn)), (page.ZoneIndex, page.Node, page.Section));
        });
    }

    [Property]
    public void Holes_and_gaps_between_zones_are_never_touched(LayoutShape shape)
    {
        MemoryModel model = Initialized(shape);
        var present = PresentPages(model).Select(p => p.Pfn).ToHashSet();
        var touched = Pfns(model.Memmap.Span).Where(pfn => !present.Contains(pfn) && !model.Memmap[pfn].Equals(default(Page))).ToList();
        Assert.Empty(touched);
    }

    [Property]
    public void Free_pages_equal_present_pages_in_every_zone(LayoutShape shape)
    {
        MemoryModel model = Initialized(shape);
        Assert.All(model.Zones, z => Assert.Equal(z.Layout.PresentPages, z.Buddy.FreePages));
    }

    [Property]
    public void Free_blocks_are_aligned_disjoint_inside_present_memory_merged_and_counted(LayoutShape shape)
    {
        VerificationReport report = MemmapVerifier.Verify(Initialized(shape));
        Assert.True(report.Holds, report.ToString());
    }

    [Fact]
    public void A_two_section_zone_at_x86_64_geometry_with_a_hole_verifies()
    {
        MemoryGeometry real = MemoryGeometry.X86_64;
        ulong section = real.PagesPerSection;
        var zone = new ZoneLayout("Normal", new PfnRange(section, 3 * section), [new PfnRange(section + 5, 2 * section + 700), new PfnRange(2 * section + 4096, 3 * section)]);
        var model = new MemoryModel(new MemoryLayout(real, [new NodeLayout(0, 2, [zone])]));
        using var engine = new BoundedEngine(1);

        IReadOnlyList<ZoneInitResult> results = engine.Run($"deferred page init of {zone.Name} {zone.Span} at x86-64 geometry", e => DeferredPageInit.Run(e, model));

        Assert.Equal(2, results.Single().Job.Workers);
        VerificationReport report = MemmapVerifier.Verify(model);
        Assert.True(report.Holds, report.ToString());
    }
}
