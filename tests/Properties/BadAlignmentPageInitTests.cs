using FsCheck;
using FsCheck.Fluent;
using Padata.Models;
using Xunit.Abstractions;

namespace Padata.Properties;

/// <summary>
/// Why deferred init's align must be a multiple of the largest buddy block (docs/design.md §3.6): a job
/// built here, in test code, with align = min_chunk = half a block gets chunk boundaries inside
/// blocks, and the page-init property must find a layout where that breaks, shrunk to a small one.
/// </summary>
public class BadAlignmentPageInitTests(ITestOutputHelper output)
{
    /// <summary>Deferred init with the production chunk function but a job aligned to half a max-order block.</summary>
    private static MemoryModel InitializedWithHalfBlockAlign(LayoutShape shape, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var model = new MemoryModel(shape.ToLayout());
        using var engine = new BoundedEngine(shape.PoolCapacity, test); // named for the property that calls this
        ulong align = model.Geometry.MaxOrderPages / 2;
        foreach (Zone zone in model.Zones)
            engine.DoMultithreaded(new MultithreadedJob(zone.Span.Start, zone.Span.Length, align, align, zone.Node.Cpus,
                                                        new DeferredInitChunk(model.Memmap, zone).Run));
        return model;
    }

    [Fact]
    public void Deferred_init_aligned_to_half_a_max_order_block_is_caught_and_shrunk()
    {
        Property property = Prop.ForAll(
            LayoutGenerators.LayoutShape().Filter(s => s.MaxOrder >= 1),
            shape => MemmapVerifier.Verify(InitializedWithHalfBlockAlign(shape)).Holds);

        Exception caught = Assert.ThrowsAny<Exception>(() => property.QuickCheckThrowOnFailure());

        output.WriteLine(caught.Message);
        Assert.Contains("Falsifiable", caught.Message);
    }

    [Fact]
    public void The_shrunk_kind_of_counterexample_fails_by_pages_initialized_and_freed_twice()
    {
        // One node of two CPUs, one fully present zone of 4 pages, blocks of 2, align 1: chunks of
        // one page, so the chunk [1, 2) re-runs the step [0, 2) its neighbour already did.
        var shape = new LayoutShape(1, 1, 0, [new NodeShape(2, [new ZoneShape(0, [new Segment(4, true)])])], 1);

        VerificationReport report = MemmapVerifier.Verify(InitializedWithHalfBlockAlign(shape));

        output.WriteLine(report.ToString());
        Assert.False(report.Holds);
        Assert.Contains(report.Violations, v => v.Contains("initialized 2x and freed 2x"));
    }
}
