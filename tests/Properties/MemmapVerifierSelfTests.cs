using Padata.Models;

namespace Padata.Properties;

/// <summary>
/// The verifier can fail: starting from a correctly initialized model, each kind of damage the
/// invariants forbid is made by hand and must be reported.
/// </summary>
public class MemmapVerifierSelfTests
{
    private static MemoryModel Initialized()
    {
        var zone = new ZoneLayout("Normal", new PfnRange(0, 16), [new PfnRange(0, 6), new PfnRange(9, 16)]);
        var model = new MemoryModel(new MemoryLayout(MemoryGeometry.Tiny, [new NodeLayout(0, 2, [zone])]));
        using var engine = new BoundedEngine(1);
        engine.Run("deferred page init", e => DeferredPageInit.Run(e, model));
        Assert.True(MemmapVerifier.Verify(model).Holds, MemmapVerifier.Verify(model).ToString());
        return model;
    }

    private static void AssertReported(MemoryModel model, string expected)
    {
        VerificationReport report = MemmapVerifier.Verify(model);
        Assert.False(report.Holds);
        Assert.Contains(report.Violations, v => v.Contains(expected));
    }

    [Fact]
    public void A_page_initialized_twice_is_reported()
    {
        MemoryModel model = Initialized();
        model.Memmap[3].Initializations++;
        AssertReported(model, "pfn 3 was initialized 2x");
    }

    [Fact]
    public void A_touched_hole_is_reported()
    {
        MemoryModel model = Initialized();
        model.Memmap[7].Flags = 1;
        AssertReported(model, "pfn 7 (a hole of node0/Normal) was touched");
    }

    [Fact]
    public void A_page_freed_twice_is_reported_with_the_free_lists_it_corrupted()
    {
        MemoryModel model = Initialized();
        model.Zones[0].Buddy.Free(10, 0);
        AssertReported(model, "pfn 10 was initialized 1x and freed 2x");
        AssertReported(model, "a second time");
    }

    [Fact]
    public void A_free_block_wiped_by_a_late_initialization_is_reported()
    {
        MemoryModel model = Initialized();
        Zone zone = model.Zones[0];
        ulong head = Enumerable.Range(0, zone.Buddy.MaxOrder + 1).Select(zone.Buddy.Head).First(h => h != Page.NoPage);
        model.Memmap[head].Initialize(head, zone.LinksFor(head));
        AssertReported(model, "without the buddy bit");
    }
}
