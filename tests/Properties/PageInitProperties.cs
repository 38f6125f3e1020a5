using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using System.Runtime.InteropServices;
using Padata.Models;
using Padata.Reference;

namespace Padata.Properties;

/// <summary>
/// Deferred struct page init on the native engine over random machines (docs/design.md §3): each
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

    /// <summary>Every present pfn of the layout, by the test reference's reading of it (zone facts and pfn).</summary>
    private static IEnumerable<(PageInitReference.ZoneFacts Zone, ulong Pfn)> PresentPages(MemoryLayout layout) =>
        PageInitReference.Zones(layout).SelectMany(z => z.Present.SelectMany(r => Pfns(r.Start, r.End).Select(pfn => (z, pfn))));

    private static IEnumerable<ulong> Pfns(ulong start, ulong end)
    {
        for (ulong pfn = start; pfn < end; pfn++)
            yield return pfn;
    }

    private static byte[] Bytes(ref Page page) => MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref page, 1)).ToArray();

    [Property]
    public void Every_present_page_is_initialized_exactly_once_and_freed_exactly_once(LayoutShape shape)
    {
        MemoryModel model = Initialized(shape);
        var wrong = PresentPages(model.Layout)
            .Where(p => model.Memmap[p.Pfn].Initializations != 1 || model.Memmap[p.Pfn].Frees != 1)
            .Select(p => $"node {p.Zone.Node} zone {p.Zone.ZoneIndex} pfn {p.Pfn}: initialized {model.Memmap[p.Pfn].Initializations}x, freed {model.Memmap[p.Pfn].Frees}x")
            .ToList();
        Assert.Empty(wrong);
    }

    [Property]
    public void Every_present_page_carries_its_zone_node_and_section(LayoutShape shape)
    {
        MemoryModel model = Initialized(shape);
        ulong section = model.Geometry.PagesPerSection;
        Assert.All(PresentPages(model.Layout), p =>
            Assert.Equal(PageInitReference.Links(p.Zone.ZoneIndex, p.Zone.Node, p.Pfn / section), model.Memmap[p.Pfn].Flags & ~1UL));
    }

    [Property]
    public void Holes_and_gaps_between_zones_are_never_touched(LayoutShape shape)
    {
        MemoryModel model = Initialized(shape);
        var present = PresentPages(model.Layout).Select(p => p.Pfn).ToHashSet();
        var touched = Pfns(model.Memmap.Span.Start, model.Memmap.Span.End)
            .Where(pfn => !present.Contains(pfn) && Bytes(ref model.Memmap[pfn]).Any(b => b != 0)).ToList();
        Assert.Empty(touched);
    }

    [Property]
    public void Free_pages_equal_present_pages_in_every_zone(LayoutShape shape)
    {
        MemoryModel model = Initialized(shape);
        Assert.All(model.Zones, z => Assert.Equal(
            PageInitReference.Zones(model.Layout).Single(f => f.Node == z.Node.Id && f.SpanStart == z.Span.Start).Present.Aggregate(0UL, (sum, r) => sum + r.End - r.Start),
            z.Buddy.FreePages));
    }

    [Property]
    public void Free_blocks_are_aligned_disjoint_inside_present_memory_merged_and_counted(LayoutShape shape)
    {
        VerificationReport report = MemmapVerifier.Verify(Initialized(shape));
        Assert.True(report.Holds, report.ToString());
    }

    [Property]
    public void Every_page_struct_and_free_list_is_what_the_kernel_rules_leave_after_deferred_init(LayoutShape shape)
    {
        MemoryModel model = Initialized(shape);
        Assert.Empty(model.Zones.SelectMany(z => PageInitReference.Differences(model, z)));
    }

    /// <summary>One chunk of a zone, anywhere in it (not aligned), run alone by the production thread function.</summary>
    [Property]
    public Property A_chunk_alone_initializes_and_frees_exactly_the_max_order_steps_the_kernel_rule_gives_it(LayoutShape shape, byte zonePick, ushort from, ushort length)
    {
        var model = new MemoryModel(shape.ToLayout());
        Zone zone = model.Zones[zonePick % model.Zones.Count];
        ulong start = zone.Span.Start + from % zone.Span.Length;
        ulong end = start + 1 + length % (zone.Span.End - start);
        var facts = PageInitReference.Zones(model.Layout).Single(f => f.Node == zone.Node.Id && f.SpanStart == zone.Span.Start);
        IReadOnlyList<ulong> pages = PageInitReference.ChunkPages(facts, model.Geometry.MaxOrder, start, end);

        new DeferredInitChunk(model.Memmap, zone).Run(start, end);

        List<string> differences = PageInitReference.Differences(model, zone, pages);
        return (differences.Count == 0).Label($"chunk [{start}, {end}) of {zone}: {string.Join("; ", differences)}")
            .Classify(pages.Any(p => p >= end), "steps past the chunk's end")
            .Classify(pages.Count == 0, "no present page");
    }

    /// <summary>
    /// Worked examples of one chunk run alone (deferred_init_memmap_chunk with deferred_init_maxorder),
    /// at the tiny geometry (blocks of 2 pages) in a zone [0, 8) present at [0, 2) and [3, 8): steps
    /// run from a present pfn below the chunk's end to the next multiple of 2; the next step starts at
    /// the first present pfn after that boundary, and only if it lies below the end.
    /// </summary>
    [Theory]
    [InlineData(0UL, 3UL, new ulong[] { 0, 1 })]       // [0, 2); the next present pfn, 3, is not below the end 3
    [InlineData(0UL, 4UL, new ulong[] { 0, 1, 3 })]    // [0, 2), then from 3 (below 4) to 4
    [InlineData(3UL, 5UL, new ulong[] { 3, 4, 5 })]    // from 3 to 4, then from 4 (below 5) to 6: one page past the end
    [InlineData(2UL, 3UL, new ulong[] { })]            // the first present pfn at or after 2 is 3, not below 3
    public void A_chunk_ending_in_or_past_a_hole_takes_exactly_the_steps_that_start_below_its_end(ulong start, ulong end, ulong[] expected)
    {
        var layout = new MemoryLayout(MemoryGeometry.Tiny,
            [new NodeLayout(0, 1, [new ZoneLayout("Normal", new PfnRange(0, 8), [new PfnRange(0, 2), new PfnRange(3, 8)])])]);
        var model = new MemoryModel(layout);
        Zone zone = model.Zones[0];

        new DeferredInitChunk(model.Memmap, zone).Run(start, end);

        int[] once = Enumerable.Range(0, 8).Select(p => expected.Contains((ulong)p) ? 1 : 0).ToArray();
        Assert.Equal(once, Enumerable.Range(0, 8).Select(p => model.Memmap[(ulong)p].Initializations));
        Assert.Equal(once, Enumerable.Range(0, 8).Select(p => model.Memmap[(ulong)p].Frees));
        Assert.Empty(PageInitReference.Differences(model, zone, expected));
    }

    [Property]
    public void Initialize_leaves_the_struct_init_single_page_leaves_whatever_was_there(ulong pfn, ulong links, byte[] garbage, byte initializations, byte frees)
    {
        var page = new Page();
        Span<byte> bytes = MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref page, 1));
        for (int i = 0; i < bytes.Length; i++)
            bytes[i] = garbage.Length == 0 ? (byte)0xA5 : garbage[i % garbage.Length];
        page.Initializations = initializations;
        page.Frees = frees;

        page.Initialize(pfn, links);

        Assert.Null(PageInitReference.Describe(PageInitReference.AfterInit(pfn, links, initializations, frees), Bytes(ref page)));
    }

    [Fact]
    public void A_two_section_zone_at_x86_64_geometry_with_a_hole_verifies()
    {
        MemoryGeometry real = MemoryGeometry.X86_64;
        ulong section = real.PagesPerSection;
        var zone = new ZoneLayout("Normal", new PfnRange(section, 3 * section),
                                  [new PfnRange(section + 5, 2 * section + 700), new PfnRange(2 * section + 4096, 3 * section)]);
        var model = new MemoryModel(new MemoryLayout(real, [new NodeLayout(0, 2, [zone])]));
        using var engine = new BoundedEngine(1);

        IReadOnlyList<ZoneInitResult> results = engine.Run($"deferred page init of {zone.Name} {zone.Span} at x86-64 geometry", e => DeferredPageInit.Run(e, model));

        Assert.Equal(2, results.Single().Job.Workers);
        VerificationReport report = MemmapVerifier.Verify(model);
        Assert.True(report.Holds, report.ToString());
        Assert.Empty(PageInitReference.Differences(model, model.Zones.Single()));
    }
}
