using Padata.Models;

namespace Padata.Properties;

/// <summary>
/// Every invariant the verifier checks (docs/design.md §3.7) can fail, each with its own message:
/// a correctly initialized model is damaged by hand in one way and the verifier must name that
/// damage. Complements <see cref="MemmapVerifierSelfTests"/>; added for mutation testing
/// (docs/mutation.md), where each check's report was shown removable without a test noticing.
/// </summary>
public class MemmapVerifierDamageTests
{
    // Zone [0, 16) with a hole [6, 9), sections of 4, blocks of at most 2 pages. By the buddy rule
    // the free lists are then: order 1 {0, 2, 4, 10, 12, 14}, order 0 {9}.
    private static MemoryModel Initialized()
    {
        var zone = new ZoneLayout("Normal", new PfnRange(0, 16), [new PfnRange(0, 6), new PfnRange(9, 16)]);
        var model = new MemoryModel(new MemoryLayout(MemoryGeometry.Tiny, [new NodeLayout(0, 2, [zone])]));
        using var engine = new PadataEngine(1);
        DeferredPageInit.Run(engine, model);
        VerificationReport report = MemmapVerifier.Verify(model);
        Assert.True(report.Holds, report.ToString());
        return model;
    }

    private static ulong Last(MemoryModel model, int order)
    {
        ulong pfn = model.Zones[0].Buddy.Head(order);
        while (model.Memmap[pfn].LruNext != Page.NoPage)
            pfn = model.Memmap[pfn].LruNext;
        return pfn;
    }

    private static void AssertReported(MemoryModel model, params string[] expected)
    {
        VerificationReport report = MemmapVerifier.Verify(model);
        Assert.False(report.Holds);
        foreach (string e in expected)
            Assert.True(report.Violations.Any(v => v.Contains(e)), $"expected a violation containing \"{e}\"; got:\n{report}");
    }

    [Fact]
    public void A_correct_model_holds_with_its_present_pages_counted_and_a_zone_verifies_alone()
    {
        MemoryModel model = Initialized();
        VerificationReport all = MemmapVerifier.Verify(model);
        Assert.Equal((13UL, 0, true), (all.PresentPages, all.ViolationCount, all.Holds));
        Assert.Empty(all.Violations);
        Assert.Equal("all invariants hold over 13 present pages", all.ToString());
        VerificationReport zone = MemmapVerifier.Verify(model, model.Zones[0]);
        Assert.Equal((13UL, true), (zone.PresentPages, zone.Holds));
    }

    [Fact]
    public void A_zone_verified_alone_reports_its_own_damage()
    {
        MemoryModel model = Initialized();
        model.Memmap[7].Flags = 1;
        VerificationReport zone = MemmapVerifier.Verify(model, model.Zones[0]);
        Assert.Equal(1, zone.ViolationCount);
        Assert.Contains("pfn 7 (a hole of node0/Normal) was touched: initialized 0x, freed 0x, flags 1.", zone.Violations);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => MemmapVerifier.Verify(null!, model.Zones[0])).ParamName);
        Assert.Equal("zone", Assert.Throws<ArgumentNullException>(() => MemmapVerifier.Verify(model, null!)).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => MemmapVerifier.Verify(null!)).ParamName);
    }

    [Theory]
    [InlineData(nameof(Page.RefCount))]
    [InlineData(nameof(Page.MapCount))]
    [InlineData(nameof(Page.LruNext))]
    [InlineData(nameof(Page.LruPrev))]
    [InlineData(nameof(Page.Private))]
    [InlineData(nameof(Page.Initializations))]
    [InlineData(nameof(Page.Frees))]
    public void Any_field_touched_between_zones_is_reported(string field)
    {
        // Two zones with a gap [4, 6) between them that no zone owns.
        var layout = new MemoryLayout(MemoryGeometry.Tiny, [new NodeLayout(0, 1,
            [new ZoneLayout("A", new PfnRange(0, 4), [new PfnRange(0, 4)]), new ZoneLayout("B", new PfnRange(6, 10), [new PfnRange(6, 10)])])]);
        var model = new MemoryModel(layout);
        using var engine = new PadataEngine(0);
        DeferredPageInit.Run(engine, model);
        Assert.True(MemmapVerifier.Verify(model).Holds);
        ref Page page = ref model.Memmap[5];
        switch (field)
        {
            case nameof(Page.RefCount): page.RefCount = 1; break;
            case nameof(Page.MapCount): page.MapCount = -1; break;
            case nameof(Page.LruNext): page.LruNext = 5; break;
            case nameof(Page.LruPrev): page.LruPrev = 5; break;
            case nameof(Page.Private): page.Private = 1; break;
            case nameof(Page.Initializations): page.Initializations = 1; break;
            case nameof(Page.Frees): page.Frees = 1; break;
        }
        VerificationReport report = MemmapVerifier.Verify(model);
        Assert.Equal(1, report.ViolationCount);
        Assert.StartsWith("pfn 5 (between zones) was touched", Assert.Single(report.Violations));
        // The last zone ends the memmap: nothing is checked past it, and pfn 4 is still clean.
        Assert.DoesNotContain(report.Violations, v => v.StartsWith("pfn 4 "));
    }

    [Fact]
    public void A_page_with_wrong_links_refcount_or_mapcount_is_reported()
    {
        MemoryModel model = Initialized();
        model.Memmap[3].MapCount = 0;
        model.Memmap[11].RefCount = 1;
        model.Memmap[12].Flags ^= 1UL << 20; // another section
        AssertReported(model,
            "node0/Normal pfn 3 has flags 0, refcount 0, mapcount 0 (expected links 0, refcount 0 once freed, mapcount -1).",
            "pfn 11 has flags", "pfn 12 has flags");
        Assert.Equal(3, MemmapVerifier.Verify(model).ViolationCount);
    }

    [Fact]
    public void A_page_freed_but_never_initialized_is_reported()
    {
        MemoryModel model = Initialized();
        model.Memmap[4].Initializations = 0;
        AssertReported(model, "node0/Normal pfn 4 was initialized 0x and freed 1x (must be once each).");
    }

    [Fact]
    public void A_free_list_leaving_the_zone_is_reported_and_its_walk_stops()
    {
        MemoryModel model = Initialized();
        model.Memmap[Last(model, 1)].LruNext = 16;
        AssertReported(model, "node0/Normal order-1 free list points to pfn 16, outside the zone.");
    }

    [Fact]
    public void A_wrong_back_link_is_reported()
    {
        MemoryModel model = Initialized();
        ulong second = model.Memmap[model.Zones[0].Buddy.Head(1)].LruNext;
        ulong head = model.Zones[0].Buddy.Head(1);
        model.Memmap[second].LruPrev = 9;
        AssertReported(model, $"node0/Normal order-1 block {second}: back link 9, expected {head}.");
        Assert.Equal(1, MemmapVerifier.Verify(model).ViolationCount);
    }

    [Fact]
    public void A_misaligned_block_in_a_hole_overlapping_another_is_reported_for_each_rule()
    {
        MemoryModel model = Initialized();
        // Append pfn 5 to the order-1 list: [5, 7) is misaligned, runs into the hole, and pfn 5
        // already lies in the order-1 block at 4; 5 is not a block head (no buddy bit, order 0).
        ulong last = Last(model, 1);
        model.Memmap[last].LruNext = 5;
        model.Memmap[5].LruPrev = last;
        model.Memmap[5].LruNext = Page.NoPage;
        AssertReported(model,
            "node0/Normal order-1 block 5 is not naturally aligned.",
            "node0/Normal order-1 block [5, 7) is not inside present memory.",
            "node0/Normal order-1 block 5 is on the list without the buddy bit and its order (buddy False, order 0).",
            "node0/Normal order-1 count says 6 blocks, the list holds 7.");
    }

    [Fact]
    public void A_block_freed_into_a_hole_is_reported_once_and_counted_on_no_list()
    {
        MemoryModel model = Initialized();
        // The order-1 block [6, 8) lies in the hole [6, 9): freeing it touches two hole pages and
        // puts a seventh block on the order-1 list. The free block at 4 is its buddy, but a block
        // outside present memory is judged for that alone: neither counted as free pages nor
        // checked for merging.
        model.Zones[0].Buddy.Free(6, 1);
        VerificationReport report = MemmapVerifier.Verify(model);
        Assert.Equal(
            [
                "pfn 6 (a hole of node0/Normal) was touched: initialized 0x, freed 1x, flags 1.",
                "pfn 7 (a hole of node0/Normal) was touched: initialized 0x, freed 1x, flags 0.",
                "node0/Normal order-1 block [6, 8) is not inside present memory.",
                "node0/Normal: 15 free pages by the counts, 13 on the lists, 13 present.",
            ],
            report.Violations);
    }

    [Fact]
    public void A_block_covering_pages_of_another_block_is_reported()
    {
        MemoryModel model = Initialized();
        // Pfn 1, inside the order-1 block at 0, listed as an order-0 block after 9.
        model.Memmap[9].LruNext = 1;
        model.Memmap[1].LruPrev = 9;
        model.Memmap[1].LruNext = Page.NoPage;
        model.Memmap[1].Flags |= Page.BuddyFlag;
        AssertReported(model,
            "node0/Normal pfn 1 is in two free blocks (the second: order 1 at 0).",
            "node0/Normal order-0 count says 1 blocks, the list holds 2.",
            "node0/Normal: 13 free pages by the counts, 14 on the lists, 13 present.");
    }

    [Fact]
    public void Free_buddies_left_unmerged_are_reported()
    {
        MemoryModel model = Initialized();
        // Pfn 8 (a hole) made to look like a free order-0 block: the order-0 block at 9 is its buddy.
        model.Memmap[8].Flags = Page.BuddyFlag;
        AssertReported(model, "node0/Normal order-0 blocks 9 and 8 are free buddies left unmerged.");
    }

    [Fact]
    public void A_truncated_free_list_leaves_pages_in_no_block_and_buddy_bits_heading_nothing()
    {
        MemoryModel model = Initialized();
        ulong head = model.Zones[0].Buddy.Head(1);
        ulong second = model.Memmap[head].LruNext;
        model.Memmap[head].LruNext = Page.NoPage;
        AssertReported(model,
            $"node0/Normal present pfn {second} is in no free block.",
            $"node0/Normal pfn {second} carries the buddy bit but heads no listed block.",
            "node0/Normal order-1 count says 6 blocks, the list holds 1.",
            "node0/Normal: 13 free pages by the counts, 3 on the lists, 13 present.");
    }

    [Fact]
    public void A_listed_block_without_its_order_is_reported()
    {
        MemoryModel model = Initialized();
        model.Memmap[model.Zones[0].Buddy.Head(1)].Private = 0;
        AssertReported(model, "is on the list without the buddy bit and its order (buddy True, order 0).");
    }

    [Fact]
    public void Beyond_twenty_violations_only_the_count_goes_on()
    {
        Assert.Equal(20, MemmapVerifier.MaxListed);
        var model = new MemoryModel(MemoryLayout.SingleZone(MemoryGeometry.Tiny, 0, 24, 1));
        using (var engine = new PadataEngine(0))
            DeferredPageInit.Run(engine, model);
        for (ulong pfn = 0; pfn < 24; pfn++)
            model.Memmap[pfn].Frees = 2;
        VerificationReport report = MemmapVerifier.Verify(model);
        Assert.Equal(24, report.ViolationCount);
        Assert.Equal(20, report.Violations.Count);
        Assert.StartsWith("24 violation(s) over 24 present pages:\n  node0/Normal pfn 0 was initialized 1x and freed 2x (must be once each).\n  node0/Normal pfn 1 ", report.ToString());
        Assert.EndsWith("\n  … and 4 more", report.ToString());
        // Exactly twenty: all listed, nothing more to say.
        for (ulong pfn = 0; pfn < 4; pfn++)
            model.Memmap[pfn].Frees = 1;
        VerificationReport twenty = MemmapVerifier.Verify(model);
        Assert.Equal((20, 20), (twenty.ViolationCount, twenty.Violations.Count));
        Assert.EndsWith("node0/Normal pfn 23 was initialized 1x and freed 2x (must be once each).", twenty.ToString());
    }
}
