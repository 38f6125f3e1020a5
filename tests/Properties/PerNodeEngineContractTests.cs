namespace Padata.Properties;

/// <summary>
/// <see cref="PadataEngine.DoMultithreadedPerNode"/>'s contract pinned by worked examples
/// (docs/design.md §7.3.1): each refusal with its parameter, value and message; the helpers
/// granted per node and each range's chunk size, restated from the kernel's rule by hand; and
/// the node a helper sees itself on (<see cref="PadataEngine.CurrentHelperNode"/>). Added for
/// mutation testing (docs/mutation.md).
/// </summary>
public class PerNodeEngineContractTests
{
    private static readonly ChunkFunction Nothing = (_, _) => { };

    [Fact]
    public void A_null_per_node_job_is_refused_naming_the_job()
    {
        using var engine = new PadataEngine(2, Topology.Uniform(2, 2));
        Assert.Equal("job", Assert.Throws<ArgumentNullException>(() => engine.DoMultithreadedPerNode(null!)).ParamName);
    }

    [Fact]
    public void A_disposed_engine_refuses_a_per_node_job_as_the_engine()
    {
        var engine = new PadataEngine(2, Topology.Uniform(2, 2));
        engine.Dispose();
        int calls = 0;
        // One job with helpers to ask for, one with none: refused before either runs a chunk,
        // and by the engine itself (not by a workqueue it would have queued a helper on).
        var withHelpers = new PerNodeJob([new NodeRange(0, 0, 8), new NodeRange(1, 8, 8)], 1, 1, 4, (_, _) => Interlocked.Increment(ref calls));
        var alone = new PerNodeJob([new NodeRange(1, 0, 3)], 1, 4, 4, (_, _) => Interlocked.Increment(ref calls));
        foreach (PerNodeJob job in new[] { withHelpers, alone })
        {
            var refused = Assert.Throws<ObjectDisposedException>(() => Bounded.Call(() => engine.DoMultithreadedPerNode(job), engine, $"{job} on a disposed engine"));
            Assert.Equal("Padata.PadataEngine", refused.ObjectName);
        }
        Assert.Equal(0, calls);
    }

    [Fact]
    public void A_per_node_job_whose_caller_node_is_past_the_topology_is_refused_with_the_nodes_there_are()
    {
        using var engine = new PadataEngine(2, Topology.Uniform(2, 2));
        // Nodes 0 and 1: node 2 is the first past the end (and 1, the last, is accepted).
        var job = new PerNodeJob([new NodeRange(0, 0, 4)], 1, 1, 2, Nothing) { Node = 2 };
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => engine.DoMultithreadedPerNode(job));
        Assert.Equal(("job", (object?)2), (refused.ParamName, refused.ActualValue));
        Assert.StartsWith("job.Node is 2; this engine's topology has nodes 0 to 1.", refused.Message);

        var onLast = new PerNodeJob([new NodeRange(0, 0, 3)], 1, 4, 2, Nothing) { Node = 1 };
        PerNodeJobResult result = Bounded.Call(() => engine.DoMultithreadedPerNode(onLast), engine, $"{onLast}");
        Assert.Equal(1, result.Chunks);

        using var three = new PadataEngine(1, Topology.Uniform(3, 2));
        var past = Assert.Throws<ArgumentOutOfRangeException>(() => three.DoMultithreadedPerNode(new PerNodeJob([], 1, 1, 2, Nothing) { Node = 5 }));
        Assert.StartsWith("job.Node is 5; this engine's topology has nodes 0 to 2.", past.Message);
    }

    [Fact]
    public void A_range_on_a_node_past_the_topology_is_refused_naming_the_range_and_the_nodes_there_are()
    {
        using var engine = new PadataEngine(2, Topology.Uniform(2, 2));
        var job = new PerNodeJob([new NodeRange(1, 0, 4), new NodeRange(3, 4, 2)], 1, 1, 2, Nothing);
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => engine.DoMultithreadedPerNode(job));
        Assert.Equal(("job", (object?)3), (refused.ParamName, refused.ActualValue));
        Assert.StartsWith("job range node 3: [4, 6) names node 3; this engine's topology has nodes 0 to 1.", refused.Message);
    }

    /// <summary>
    /// Two nodes; node 0 may run 1 helper, node 1 none, 1 in all; a pool of 4. Ranges (align 1,
    /// min_chunk 2, max_threads 4), each planned as a job of its own (the kernel's
    /// <c>padata_do_multithreaded</c>: nworks = clamp(size / max(min_chunk, align), 1, max_threads);
    /// chunk = roundup(max(size / (workers × 4), min_chunk, 1), align), workers = the caller plus the
    /// helpers that may work the range, at most nworks):
    /// <list type="bullet">
    /// <item>node 0, [0, 16): nworks = min(16 / 2, 4) = 4, so node 0 asks 3 helpers;</item>
    /// <item>node 1, [16, 32): the same, node 1 asks 3;</item>
    /// <item>node 1, [40, 43): nworks = max(3 / 2, 1) = 1: one chunk, the whole range;</item>
    /// <item>node 0, [50, 50): empty.</item>
    /// </list>
    /// The system cap leaves room for 1 helper, node 0 has room: granted [1, 0]. Range 0 then has
    /// 2 workers: chunk max(16 / 8, 2) = 2, 8 chunks. Range 1 only the caller (node 1 has no
    /// helper, and without anywhere node 0's may not work it): chunk max(16 / 4, 2) = 4, 4 chunks.
    /// Range 2 is one chunk of 3; range 3 none. 13 chunks.
    /// </summary>
    [Fact]
    public void Each_range_is_chunked_for_the_helpers_granted_on_its_own_node_and_a_one_chunk_range_reports_its_size()
    {
        using var engine = new PadataEngine(4, Topology.Uniform(2, 2), new HelperLimits([1, 0], 1));
        var ran = new List<(ulong, ulong)>();
        var job = new PerNodeJob(
            [new NodeRange(0, 0, 16), new NodeRange(1, 16, 16), new NodeRange(1, 40, 3), new NodeRange(0, 50, 0)], 1, 2, 4,
            (start, end) => { lock (ran) ran.Add((start, end)); });

        PerNodeJobResult result = Bounded.Call(() => engine.DoMultithreadedPerNode(job), engine, $"{job}");

        Assert.Equal([1, 0], result.HelpersPerNode);
        Assert.Equal([2UL, 4UL, 3UL, 0UL], result.ChunkSizes);
        Assert.Equal(13, result.Chunks);
        Assert.Equal(2, result.Workers);
        (ulong, ulong)[] expected =
        [
            (0, 2), (2, 4), (4, 6), (6, 8), (8, 10), (10, 12), (12, 14), (14, 16),
            (16, 20), (20, 24), (24, 28), (28, 32),
            (40, 43),
        ];
        Assert.Equal(expected, ran.Order());
        Assert.Equal(4, engine.PoolAvailable);
    }

    /// <summary>
    /// The same shape run anywhere: the one helper granted (on node 0) may work every range, so
    /// node 1's range of 16 is chunked for 2 workers too: chunk 2, like node 0's.
    /// </summary>
    [Fact]
    public void Run_anywhere_every_range_is_chunked_for_all_the_helpers_granted()
    {
        using var engine = new PadataEngine(4, Topology.Uniform(2, 2), new HelperLimits([1, 0], 1));
        var job = new PerNodeJob([new NodeRange(0, 0, 16), new NodeRange(1, 16, 16), new NodeRange(1, 40, 3)], 1, 2, 4, Nothing) { Anywhere = true };
        PerNodeJobResult result = Bounded.Call(() => engine.DoMultithreadedPerNode(job), engine, $"{job}");
        Assert.Equal([1, 0], result.HelpersPerNode);
        Assert.Equal([2UL, 2UL, 3UL], result.ChunkSizes);
        Assert.Equal(8 + 8 + 1, result.Chunks);
    }

    [Fact]
    public void A_per_node_job_with_nothing_to_split_takes_no_helper_and_reports_each_range_whole()
    {
        using var engine = new PadataEngine(2, Topology.Uniform(2, 2));
        // Every range one chunk (size below min_chunk 4), or empty: no node asks for a helper.
        var job = new PerNodeJob([new NodeRange(0, 0, 3), new NodeRange(1, 3, 0), new NodeRange(1, 8, 2)], 1, 4, 4, Nothing);
        PerNodeJobResult result = Bounded.Call(() => engine.DoMultithreadedPerNode(job), engine, $"{job}");
        Assert.Equal([0, 0], result.HelpersPerNode);
        Assert.Equal([3UL, 0UL, 2UL], result.ChunkSizes);
        Assert.Equal((2, 1), (result.Chunks, result.Workers));
    }

    /// <summary>
    /// Wants that add up past int.MaxValue are legal: two nodes, each with a range of 2^31 units
    /// (min_chunk 1, align 1, max_threads int.MaxValue), each range asking min(2^31, 2^31 − 1)
    /// workers, so each node wants 2^31 − 2 helpers and both together 2^32 − 4. The caps (1 per node
    /// of 2 CPUs) grant one each; each range is then chunked for 2 workers: max(2^31 / (2 · 4), 1) =
    /// 2^28 units, 8 chunks a range. (Found by mutation testing: the engine used to add the wants,
    /// and a checked sum threw OverflowException for this job.)
    /// </summary>
    [Fact]
    public void A_job_whose_nodes_want_more_than_int_MaxValue_helpers_in_all_runs_with_those_the_caps_grant()
    {
        using var engine = new PadataEngine(2, Topology.Uniform(2, 2));
        const ulong half = 1UL << 31;
        var job = new PerNodeJob([new NodeRange(0, 0, half), new NodeRange(1, half, half)], 1, 1, int.MaxValue, Nothing);
        PerNodeJobResult result = Bounded.Call(() => engine.DoMultithreadedPerNode(job), engine, $"{job}");
        Assert.Equal([1, 1], result.HelpersPerNode);
        Assert.Equal([1UL << 28, 1UL << 28], result.ChunkSizes);
        Assert.Equal((16, 3), (result.Chunks, result.Workers));
    }

    /// <summary>
    /// Two nodes of 2 CPUs (default caps: 1 helper per node), a pool of 2, ranges node 0 [0, 2) and
    /// node 1 [2, 4) of one-unit chunks (each asks 2 workers, so one helper per node). Every chunk
    /// waits until three are in progress: the caller's first chunk [0, 1) is held until both helpers
    /// are in one, so node 0's helper runs [1, 2) (the rest of its node's range) and node 1's runs
    /// [2, 3), whoever then takes [3, 4). Each chunk records the node its thread says it runs a helper of.
    /// </summary>
    [Fact]
    public void A_helper_sees_its_own_node_in_its_chunks_and_the_caller_sees_none()
    {
        using var engine = new PadataEngine(2, Topology.Uniform(2, 2));
        int entered = 0;
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<ulong, int?>();
        var job = new PerNodeJob([new NodeRange(0, 0, 2), new NodeRange(1, 2, 2)], 1, 1, 2, (start, _) =>
        {
            seen[start] = PadataEngine.CurrentHelperNode;
            Interlocked.Increment(ref entered);
            Bounded.Until(() => Volatile.Read(ref entered) >= 3, engine, "the caller and both helpers each in a chunk");
        });

        PerNodeJobResult result = Bounded.Call(() => engine.DoMultithreadedPerNode(job), engine, $"{job}");

        Assert.Equal([1, 1], result.HelpersPerNode);
        Assert.Equal((int?)null, seen[0]);
        Assert.Equal((int?)0, seen[1]);
        Assert.Equal((int?)1, seen[2]);
        Assert.Contains(seen[3], new int?[] { null, 1 });
        Assert.Null(PadataEngine.CurrentHelperNode);
    }
}
