using Padata.Models;

namespace Padata.Properties;

/// <summary>
/// <see cref="DeferredPageInit.RunPerNodeRanges"/>'s contract (docs/design.md §7.3.1) pinned by a
/// worked example: its refusals, max_threads taken from the largest node, and "anywhere" reaching
/// the engine. The chunk sizes are the kernel's rule restated by hand below, not computed by the
/// code under test. Added for mutation testing (docs/mutation.md).
/// </summary>
public class PerNodeRangesPageInitContractTests
{
    // The tiny geometry (sections of 4 pages): node 0 has 1 CPU and Normal [0, 64) all present,
    // node 1 has 4 CPUs and Normal [64, 128) all present. Each node's deferred init is one range
    // of 64 pages: node 0's [0, 64), node 1's [64, 128); align = min_chunk = a section = 4.
    private static MemoryLayout Uneven() => new(MemoryGeometry.Tiny,
    [
        new NodeLayout(0, 1, [new ZoneLayout("Normal", new PfnRange(0, 64), [new PfnRange(0, 64)])]),
        new NodeLayout(1, 4, [new ZoneLayout("Normal", new PfnRange(64, 128), [new PfnRange(64, 128)])]),
    ]);

    [Fact]
    public void A_null_engine_or_model_is_refused_by_name()
    {
        var model = new MemoryModel(Uneven());
        using var engine = new PadataEngine(4, DeferredPageInit.TopologyOf(model.Layout));
        Assert.Equal("engine", Assert.Throws<ArgumentNullException>(() => DeferredPageInit.RunPerNodeRanges(null!, model)).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => DeferredPageInit.RunPerNodeRanges(engine, null!)).ParamName);
    }

    [Fact]
    public void An_engine_whose_topology_lacks_the_layouts_nodes_is_refused_saying_how_to_build_it()
    {
        var model = new MemoryModel(Uneven());
        using var engine = new PadataEngine(2, Topology.Uniform(1, 2));
        var e = Assert.Throws<ArgumentException>(() => DeferredPageInit.RunPerNodeRanges(engine, model));
        Assert.Equal("engine", e.ParamName);
        Assert.StartsWith("the engine has 1 node(s), the layout 2: build it on DeferredPageInit.TopologyOf(layout).", e.Message);
        Assert.Equal(2, engine.PoolAvailable);
    }

    /// <summary>
    /// Pool 4, caps 1 on node 0 and 3 on node 1, 4 system-wide. max_threads is the largest node's
    /// CPUs, 4 (the smaller, 1, would make every range one chunk and take no helper). Each range:
    /// nworks = min(max(64 / max(4, 4), 1), 4) = 4 workers, so each node wants 3 helpers; the caps
    /// grant node 0 one and node 1 three (the pool's 4). Chunk size = max(64 / (workers · 4), 4)
    /// rounded up to 4, with workers = 1 + the helpers that may work the range, at most 4:
    /// on its own node, node 0's range 1 + 1 = 2 → 8 (8 chunks), node 1's 1 + 3 = 4 → 4 (16 chunks);
    /// anywhere, both ranges min(1 + 4, 4) = 4 → 4 (16 chunks each).
    /// </summary>
    [Theory]
    [InlineData(false, 8UL, 4UL, 24)]
    [InlineData(true, 4UL, 4UL, 32)]
    public void Max_threads_is_the_largest_nodes_CPUs_and_anywhere_chunks_every_range_for_all_the_helpers(bool anywhere, ulong node0Chunk, ulong node1Chunk, int chunks)
    {
        var model = new MemoryModel(Uneven());
        using var engine = new PadataEngine(4, DeferredPageInit.TopologyOf(model.Layout), new HelperLimits([1, 3], 4));
        PerNodeJobResult result = Bounded.Call(() => DeferredPageInit.RunPerNodeRanges(engine, model, anywhere), engine,
                                               $"per-node deferred init of {model.Layout}, anywhere={anywhere}");
        Assert.Equal([1, 3], result.HelpersPerNode);
        Assert.Equal([node0Chunk, node1Chunk], result.ChunkSizes);
        Assert.Equal((chunks, 5), (result.Chunks, result.Workers));
        VerificationReport report = MemmapVerifier.Verify(model);
        Assert.True(report.Holds, report.ToString());
        Assert.Equal(4, engine.PoolAvailable);
    }
}
