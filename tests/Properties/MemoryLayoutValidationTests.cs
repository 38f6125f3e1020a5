using Padata.Models;

namespace Padata.Properties;

/// <summary>A layout the kernel could not boot with is refused on construction, naming the parameter and the rule.</summary>
public class MemoryLayoutValidationTests
{
    private static readonly MemoryGeometry Tiny = MemoryGeometry.Tiny;

    private static ZoneLayout Zone(string name, ulong start, ulong end, params PfnRange[] present) =>
        new(name, new PfnRange(start, end), present);

    [Fact]
    public void Overlapping_zones_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new MemoryLayout(Tiny,
            [new NodeLayout(0, 1, [Zone("A", 0, 10)]), new NodeLayout(1, 1, [Zone("B", 8, 16)])]));
        Assert.Equal("nodes", e.ParamName);
        Assert.Contains("zones overlap", e.Message);
    }

    [Fact]
    public void A_present_range_outside_its_zone_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new MemoryLayout(Tiny,
            [new NodeLayout(0, 1, [Zone("A", 0, 10, new PfnRange(8, 12))])]));
        Assert.Equal("nodes", e.ParamName);
        Assert.Contains("outside its zone", e.Message);
    }

    [Fact]
    public void Overlapping_present_ranges_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new MemoryLayout(Tiny,
            [new NodeLayout(0, 1, [Zone("A", 0, 10, new PfnRange(0, 5), new PfnRange(4, 8))])]));
        Assert.Contains("overlap", e.Message);
    }

    [Fact]
    public void A_node_without_cpus_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryLayout(Tiny, [new NodeLayout(0, 0, [Zone("A", 0, 4)])]));
        Assert.Contains("Cpus must be at least 1", e.Message);
    }

    [Fact]
    public void A_section_smaller_than_the_largest_block_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryGeometry(4096, 2, 2));
        Assert.Equal("pagesPerSection", e.ParamName);
    }

    [Fact]
    public void A_range_ending_before_it_starts_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PfnRange(5, 4));
        Assert.Equal("end", e.ParamName);
    }

    [Fact]
    public void Freeing_a_block_that_is_not_naturally_aligned_is_refused()
    {
        var model = new MemoryModel(MemoryLayout.SingleZone(Tiny, 0, 8, 1));
        var e = Assert.Throws<ArgumentException>(() => model.Zones[0].Buddy.Free(1, 1));
        Assert.Equal("pfn", e.ParamName);
    }
}
