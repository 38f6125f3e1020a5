using Padata.Models;

namespace Padata.Properties;

/// <summary>
/// The model's small types at their edges, pinned literally: each rule a geometry, layout, range,
/// memmap or buddy allocator enforces, on both sides of its boundary, and the error naming the
/// parameter and the rule. Added for mutation testing (docs/mutation.md).
/// </summary>
public class ModelContractTests
{
    private static readonly MemoryGeometry Tiny = MemoryGeometry.Tiny;

    private static ZoneLayout Zone(string name, ulong start, ulong end) => new(name, new PfnRange(start, end), [new PfnRange(start, end)]);

    [Fact]
    public void A_range_contains_its_start_not_its_end_and_overlaps_only_when_sharing_a_pfn()
    {
        var r = new PfnRange(4, 8);
        Assert.Equal((4UL, 8UL, 4UL, false), (r.Start, r.End, r.Length, r.IsEmpty));
        Assert.True(new PfnRange(5, 5).IsEmpty);
        Assert.Equal([false, true, true, false], new ulong[] { 3, 4, 7, 8 }.Select(r.Contains));
        Assert.True(r.Contains(new PfnRange(4, 8)));
        Assert.False(r.Contains(new PfnRange(3, 8)));
        Assert.False(r.Contains(new PfnRange(4, 9)));
        Assert.True(r.Overlaps(new PfnRange(7, 9)));
        Assert.True(r.Overlaps(new PfnRange(3, 5)));
        Assert.False(r.Overlaps(new PfnRange(8, 9)));
        Assert.False(r.Overlaps(new PfnRange(2, 4)));
        Assert.Equal("[4, 8)", r.ToString());
        Assert.StartsWith("end must not be below start (5).", Assert.Throws<ArgumentOutOfRangeException>(() => new PfnRange(5, 4)).Message);
    }

    [Theory]
    [InlineData(0UL, 4UL, 1, "pageSize", "pageSize must be a power of two.")]
    [InlineData(3UL, 4UL, 1, "pageSize", "pageSize must be a power of two.")]
    [InlineData(4096UL, 4UL, -1, "maxOrder", "maxOrder must be between 0 and 20.")]
    [InlineData(4096UL, 1UL << 21, 21, "maxOrder", "maxOrder must be between 0 and 20.")]
    [InlineData(4096UL, 0UL, 0, "pagesPerSection", "pagesPerSection must be a power of two.")]
    [InlineData(4096UL, 6UL, 1, "pagesPerSection", "pagesPerSection must be a power of two.")]
    [InlineData(4096UL, 2UL, 2, "pagesPerSection", "pagesPerSection must be a multiple of the largest buddy block (2^maxOrder = 4 pages).")]
    public void A_geometry_breaking_a_rule_is_refused_naming_it(ulong pageSize, ulong pagesPerSection, int maxOrder, string parameter, string rule)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryGeometry(pageSize, pagesPerSection, maxOrder));
        Assert.Equal(parameter, e.ParamName);
        Assert.StartsWith(rule, e.Message);
    }

    [Fact]
    public void A_geometry_at_each_limit_is_legal_and_describes_itself()
    {
        var largest = new MemoryGeometry(1, 1UL << 20, 20);
        Assert.Equal(1UL << 20, largest.MaxOrderPages);
        var smallest = new MemoryGeometry(1, 1, 0);
        Assert.Equal(1UL, smallest.MaxOrderPages);
        Assert.Equal((4096UL, 32_768UL, 10, 1024UL), (MemoryGeometry.X86_64.PageSize, MemoryGeometry.X86_64.PagesPerSection, MemoryGeometry.X86_64.MaxOrder, MemoryGeometry.X86_64.MaxOrderPages));
        Assert.Equal((4UL, 1, 2UL), (Tiny.PagesPerSection, Tiny.MaxOrder, Tiny.MaxOrderPages));
        Assert.Equal([0UL, 0UL, 1UL, 2UL], new ulong[] { 0, 3, 4, 9 }.Select(Tiny.SectionOf));
        Assert.Equal("4096 B pages, 4 pages/section, max order 1 (2 pages)", Tiny.ToString());
    }

    [Fact]
    public void A_layout_without_nodes_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new MemoryLayout(Tiny, []));
        Assert.Equal("nodes", e.ParamName);
        Assert.StartsWith("nodes must hold at least one node.", e.Message);
    }

    [Fact]
    public void Node_ids_run_from_0_to_1023_and_appear_once()
    {
        Assert.Equal(1024, MemoryLayout.MaxNodes);
        Assert.Equal(1023, new MemoryLayout(Tiny, [new NodeLayout(1023, 1, [Zone("A", 0, 4)])]).Nodes[0].Id);
        foreach (int id in new[] { -1, 1024 })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryLayout(Tiny, [new NodeLayout(id, 1, [Zone("A", 0, 4)])]));
            Assert.Equal("nodes", e.ParamName);
            Assert.StartsWith("node ids must be between 0 and 1023.", e.Message);
        }
        var twice = Assert.Throws<ArgumentException>(() => new MemoryLayout(Tiny,
            [new NodeLayout(3, 1, [Zone("A", 0, 4)]), new NodeLayout(3, 1, [Zone("B", 4, 8)])]));
        Assert.StartsWith("node id 3 appears more than once.", twice.Message);
    }

    [Fact]
    public void A_node_has_one_to_four_zones()
    {
        Assert.Equal(4, MemoryLayout.MaxZonesPerNode);
        var four = new MemoryLayout(Tiny, [new NodeLayout(0, 1, [Zone("A", 0, 4), Zone("B", 4, 8), Zone("C", 8, 12), Zone("D", 12, 16)])]);
        Assert.Equal(16UL, four.PresentPages);
        var five = Assert.Throws<ArgumentException>(() => new MemoryLayout(Tiny,
            [new NodeLayout(0, 1, [Zone("A", 0, 4), Zone("B", 4, 8), Zone("C", 8, 12), Zone("D", 12, 16), Zone("E", 16, 20)])]));
        Assert.StartsWith("node 0: a node has 1 to 4 zones, not 5.", five.Message);
        var none = Assert.Throws<ArgumentException>(() => new MemoryLayout(Tiny, [new NodeLayout(0, 1, [])]));
        Assert.StartsWith("node 0: a node has 1 to 4 zones, not 0.", none.Message);
    }

    [Fact]
    public void A_node_with_one_cpu_is_legal_and_with_none_is_refused_naming_it()
    {
        Assert.Equal(1, new MemoryLayout(Tiny, [new NodeLayout(0, 1, [Zone("A", 0, 4)])]).Nodes[0].Cpus);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryLayout(Tiny, [new NodeLayout(2, 0, [Zone("A", 0, 4)])]));
        Assert.Equal("nodes", e.ParamName);
        Assert.StartsWith("node 2: Cpus must be at least 1.", e.Message);
    }

    [Fact]
    public void An_empty_present_range_is_refused_and_ranges_touching_end_to_end_are_legal()
    {
        var empty = Assert.Throws<ArgumentException>(() => new MemoryLayout(Tiny,
            [new NodeLayout(0, 1, [new ZoneLayout("A", new PfnRange(0, 8), [new PfnRange(2, 2)])])]));
        Assert.Equal("nodes", empty.ParamName);
        Assert.StartsWith("node 0 zone A [0, 8): present range [2, 2) is empty.", empty.Message);
        var touching = new MemoryLayout(Tiny, [new NodeLayout(0, 1, [new ZoneLayout("A", new PfnRange(0, 8), [new PfnRange(4, 8), new PfnRange(0, 4)])])]);
        Assert.Equal(8UL, touching.PresentPages);
        var overlap = Assert.Throws<ArgumentException>(() => new MemoryLayout(Tiny,
            [new NodeLayout(0, 1, [new ZoneLayout("A", new PfnRange(0, 10), [new PfnRange(4, 8), new PfnRange(0, 5)])])]));
        Assert.Equal("nodes", overlap.ParamName);
        Assert.StartsWith("node 0 zone A [0, 10): present ranges [0, 5) and [4, 8) overlap.", overlap.Message);
        var outside = Assert.Throws<ArgumentException>(() => new MemoryLayout(Tiny,
            [new NodeLayout(0, 1, [new ZoneLayout("A", new PfnRange(0, 10), [new PfnRange(8, 12)])])]));
        Assert.StartsWith("node 0 zone A [0, 10): present range [8, 12) lies outside its zone.", outside.Message);
    }

    [Fact]
    public void Zones_touching_end_to_end_are_legal_and_the_layout_spans_lowest_start_to_highest_end()
    {
        var layout = new MemoryLayout(Tiny, [new NodeLayout(1, 2, [Zone("B", 8, 12)]), new NodeLayout(0, 1, [Zone("A", 2, 8)])]);
        Assert.Equal(new PfnRange(2, 12), layout.Span);
        Assert.Equal(10UL, layout.PresentPages);
        var e = Assert.Throws<ArgumentException>(() => new MemoryLayout(Tiny, [new NodeLayout(1, 2, [Zone("B", 7, 12)]), new NodeLayout(0, 1, [Zone("A", 2, 8)])]));
        Assert.StartsWith("zones overlap: node 0 A [2, 8) and node 1 B [7, 12).", e.Message);
        Assert.Equal("4096 B pages, 4 pages/section, max order 1 (2 pages); node 1 (2 CPUs): B [8, 12) present [8, 12) | node 0 (1 CPUs): A [2, 8) present [2, 8)",
            layout.ToString());
    }

    [Fact]
    public void A_node_and_a_zone_describe_every_zone_and_every_present_range_apart()
    {
        var zone = new ZoneLayout("DMA", new PfnRange(0, 8), [new PfnRange(0, 2), new PfnRange(3, 8)]);
        Assert.Equal("DMA [0, 8) present [0, 2) [3, 8)", zone.ToString());
        var node = new NodeLayout(2, 4, [zone, Zone("Normal", 8, 12)]);
        Assert.Equal("node 2 (4 CPUs): DMA [0, 8) present [0, 2) [3, 8); Normal [8, 12) present [8, 12)", node.ToString());
    }

    [Fact]
    public void Every_model_constructor_refuses_a_null_argument_naming_it()
    {
        MemoryLayout layout = MemoryLayout.SingleZone(Tiny, 0, 8, 1);
        var model = new MemoryModel(layout);
        Assert.Equal("geometry", Assert.Throws<ArgumentNullException>(() => new MemoryLayout(null!, layout.Nodes)).ParamName);
        Assert.Equal("nodes", Assert.Throws<ArgumentNullException>(() => new MemoryLayout(Tiny, null!)).ParamName);
        Assert.Equal("layout", Assert.Throws<ArgumentNullException>(() => new MemoryModel(null!)).ParamName);
        Assert.Equal("layout", Assert.Throws<ArgumentNullException>(() => new MemoryModel(null!, new Memmap(new PfnRange(0, 8)))).ParamName);
        Assert.Equal("memmap", Assert.Throws<ArgumentNullException>(() => new MemoryModel(layout, null!)).ParamName);
        Assert.Equal("memmap", Assert.Throws<ArgumentNullException>(() => new BuddyAllocator(null!, new PfnRange(0, 8), 0, 1)).ParamName);
        Assert.Equal("memmap", Assert.Throws<ArgumentNullException>(() => new DeferredInitChunk(null!, model.Zones[0])).ParamName);
        Assert.Equal("zone", Assert.Throws<ArgumentNullException>(() => new DeferredInitChunk(model.Memmap, null!)).ParamName);
    }

    [Fact]
    public void A_single_zone_layout_is_one_node_one_zone_present_end_to_end()
    {
        MemoryLayout layout = MemoryLayout.SingleZone(Tiny, 6, 10, 3);
        NodeLayout node = Assert.Single(layout.Nodes);
        Assert.Equal((0, 3), (node.Id, node.Cpus));
        ZoneLayout zone = Assert.Single(node.Zones);
        Assert.Equal(("Normal", new PfnRange(6, 16)), (zone.Name, zone.Span));
        Assert.Equal([new PfnRange(6, 16)], zone.Present);
        Assert.Throws<OverflowException>(() => MemoryLayout.SingleZone(Tiny, ulong.MaxValue, 2, 1));
    }

    [Fact]
    public void A_memmap_checks_every_pfn_and_range_against_its_span()
    {
        var memmap = new Memmap(new PfnRange(4, 12));
        Assert.Equal(8L * 64, memmap.Bytes);
        memmap[4].Index = 1;
        memmap[11].Index = 2;
        Assert.Equal([1UL, 0, 0, 0, 0, 0, 0, 2UL], memmap.Pages(memmap.Span).ToArray().Select(p => p.Index));
        Assert.Equal(2, memmap.Pages(new PfnRange(10, 12)).Length);
        foreach (ulong pfn in new ulong[] { 3, 12 })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => memmap[pfn].Index);
            Assert.Equal("pfn", e.ParamName);
            Assert.StartsWith("pfn is outside the memmap [4, 12).", e.Message);
        }
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => memmap.Pages(new PfnRange(10, 13)).Length);
        Assert.Equal("range", range.ParamName);
        Assert.StartsWith("range is outside the memmap [4, 12).", range.Message);
        Assert.Equal(0, new Memmap(new PfnRange(0, 0)).Bytes);
        var huge = Assert.Throws<ArgumentOutOfRangeException>(() => new Memmap(new PfnRange(0, (ulong)int.MaxValue + 1)));
        Assert.Equal("span", huge.ParamName);
        Assert.StartsWith($"a memmap holds at most {int.MaxValue} pages.", huge.Message);
    }

    [Fact]
    public void A_model_over_a_given_memmap_clears_it_and_must_match_the_layout()
    {
        MemoryLayout layout = MemoryLayout.SingleZone(Tiny, 0, 8, 1);
        var memmap = new Memmap(new PfnRange(0, 8));
        memmap[5].Flags = 7;
        var model = new MemoryModel(layout, memmap);
        Assert.Same(memmap, model.Memmap);
        Assert.Same(Tiny, model.Geometry);
        Assert.Equal(0UL, memmap[5].Flags);
        var e = Assert.Throws<ArgumentException>(() => new MemoryModel(layout, new Memmap(new PfnRange(0, 9))));
        Assert.Equal("memmap", e.ParamName);
        Assert.StartsWith("memmap covers [0, 9), the layout spans [0, 8): they must match.", e.Message);
    }

    [Fact]
    public void A_zone_is_named_by_node_and_layout_and_carries_its_links()
    {
        var layout = new MemoryLayout(Tiny, [new NodeLayout(3, 1, [Zone("DMA", 0, 4), Zone("Normal", 4, 12)])]);
        var model = new MemoryModel(layout);
        Zone normal = model.Zones[1];
        Assert.Equal(("node3/Normal", 1, new PfnRange(4, 12)), (normal.Name, normal.Index, normal.Span));
        Assert.Equal("node3/Normal [4, 12)", normal.ToString());
        // set_page_links: zone index in bits 62-63, node in 52-61, section in 20-51 (tests/Reference).
        Assert.Equal(Reference.PageInitReference.Links(1, 3, 2), normal.LinksFor(9));
        Assert.Equal(Reference.PageInitReference.Links(1, 3, 0), normal.ZoneId);
    }

    [Fact]
    public void A_page_reads_its_zone_node_and_section_back_from_its_flags()
    {
        var page = new Page { Flags = Reference.PageInitReference.Links(2, 1023, 0xFFFF_FFFF) | Page.BuddyFlag };
        Assert.Equal((2, 1023, 0xFFFF_FFFFUL, true), (page.ZoneIndex, page.Node, page.Section, page.IsBuddy));
        Assert.Equal(Reference.PageInitReference.Links(2, 1023, 0), page.ZoneId);
        var other = new Page { Flags = Reference.PageInitReference.Links(1, 5, 7) };
        Assert.Equal((1, 5, 7UL, false), (other.ZoneIndex, other.Node, other.Section, other.IsBuddy));
    }

    [Fact]
    public void The_buddy_allocator_refuses_orders_outside_0_to_max_and_blocks_outside_its_zone()
    {
        var model = new MemoryModel(new MemoryLayout(new MemoryGeometry(4096, 4, 2), [new NodeLayout(0, 1, [Zone("A", 4, 12)])]));
        BuddyAllocator buddy = model.Zones[0].Buddy;
        Assert.Equal(2, buddy.MaxOrder);
        foreach (int order in new[] { -1, 3 })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => buddy.Free(4, order));
            Assert.Equal("order", e.ParamName);
            Assert.StartsWith("order must be between 0 and 2.", e.Message);
        }
        var unaligned = Assert.Throws<ArgumentException>(() => buddy.Free(6, 2));
        Assert.Equal("pfn", unaligned.ParamName);
        Assert.StartsWith("pfn 6 is not aligned to its block of 4 pages (order 2).", unaligned.Message);
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => buddy.Free(12, 2));
        Assert.Equal("pfn", outside.ParamName);
        Assert.StartsWith("the block [12, 16) is not inside the zone [4, 12).", outside.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => buddy.Free(2, 1)); // [2, 4): below the zone
        Assert.Equal(0UL, buddy.FreePages);
        var span = Assert.Throws<ArgumentOutOfRangeException>(() => new BuddyAllocator(model.Memmap, new PfnRange(8, 13), 0, 2));
        Assert.Equal("span", span.ParamName);
        Assert.StartsWith("the zone must lie inside the memmap [4, 12).", span.Message);
    }

    [Fact]
    public void Freeing_buddies_merges_them_up_to_max_order_and_keeps_the_lists_doubly_linked()
    {
        // Zone [0, 16), max order 2 (blocks of 4): by the buddy rule, freeing every page singly
        // leaves exactly the four order-2 blocks, each listed once, the last freed first on the list.
        var model = new MemoryModel(new MemoryLayout(new MemoryGeometry(4096, 4, 2), [new NodeLayout(0, 1, [Zone("A", 0, 16)])]));
        Zone zone = model.Zones[0];
        foreach (ulong pfn in new ulong[] { 0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 14, 15, 13, 12 })
        {
            model.Memmap[pfn].Initialize(pfn, zone.LinksFor(pfn));
            zone.Buddy.Free(pfn, 0);
        }
        Assert.Equal((0UL, 0UL, 4UL, 16UL), (zone.Buddy.FreeBlocks(0), zone.Buddy.FreeBlocks(1), zone.Buddy.FreeBlocks(2), zone.Buddy.FreePages));
        Assert.Equal(Page.NoPage, zone.Buddy.Head(0));
        Assert.Equal(Page.NoPage, zone.Buddy.Head(1));
        var order2 = new List<ulong>();
        ulong previous = Page.NoPage;
        for (ulong pfn = zone.Buddy.Head(2); pfn != Page.NoPage; previous = pfn, pfn = model.Memmap[pfn].LruNext)
        {
            Assert.Equal(previous, model.Memmap[pfn].LruPrev);
            Assert.True(model.Memmap[pfn].IsBuddy);
            Assert.Equal(2UL, model.Memmap[pfn].Private);
            order2.Add(pfn);
        }
        Assert.Equal([12UL, 4, 8, 0], order2);
        // Merged-away heads keep neither the buddy bit nor an order.
        Assert.All(new ulong[] { 1, 2, 3, 5, 6, 7, 9, 10, 11, 13, 14, 15 }, p => Assert.Equal((false, 0UL), (model.Memmap[p].IsBuddy, model.Memmap[p].Private)));
        Assert.True(MemmapVerifier.Verify(model).Holds, MemmapVerifier.Verify(model).ToString());
    }

    [Fact]
    public void Deferred_init_refuses_a_zone_of_another_model()
    {
        MemoryLayout layout = MemoryLayout.SingleZone(Tiny, 0, 8, 1);
        var model = new MemoryModel(layout);
        var other = new MemoryModel(layout);
        var e = Assert.Throws<ArgumentException>(() => DeferredPageInit.JobFor(model, other.Zones[0]));
        Assert.Equal("zone", e.ParamName);
        Assert.StartsWith("zone node0/Normal [0, 8) is not a zone of this model.", e.Message);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => DeferredPageInit.JobFor(null!, model.Zones[0])).ParamName);
        Assert.Equal("zone", Assert.Throws<ArgumentNullException>(() => DeferredPageInit.JobFor(model, null!)).ParamName);
        Assert.Equal("engine", Assert.Throws<ArgumentNullException>(() => DeferredPageInit.Run(null!, model)).ParamName);
        using var engine = new PadataEngine(1);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => DeferredPageInit.Run(engine, null!)).ParamName);
    }

    [Fact]
    public void Deferred_init_reports_each_zone_with_its_present_pages_and_the_kernel_rule_job()
    {
        // Two zones on a node of 2 CPUs, sections of 4: zone A [0, 8) asks for 8/4 = 2 workers,
        // zone B [8, 12) with a hole for 4/4 = 1 (the fast path: one chunk of the whole zone).
        var layout = new MemoryLayout(Tiny, [new NodeLayout(0, 2,
            [Zone("A", 0, 8), new ZoneLayout("B", new PfnRange(8, 12), [new PfnRange(9, 12)])])]);
        var model = new MemoryModel(layout);
        using var engine = new PadataEngine(1);
        IReadOnlyList<ZoneInitResult> results = DeferredPageInit.Run(engine, model);
        Assert.Equal(2, results.Count);
        Assert.Equal(("node0/A", 8UL, 2), (results[0].Zone, results[0].PresentPages, results[0].Job.RequestedWorkers));
        Assert.Equal(("node0/B", 3UL, new JobResult(1, 1, 4, 1)), (results[1].Zone, results[1].PresentPages, results[1].Job));
        MultithreadedJob job = DeferredPageInit.JobFor(model, model.Zones[0]);
        Assert.Equal("job[start=0, size=8, align=4, min_chunk=4, max_threads=2]", job.ToString());
    }
}
