namespace Padata.Properties;

/// <summary>
/// A per-node job's documented contract (docs/design.md §7.3.1; README, "The engine's public API"),
/// pinned literally: every refusal of <see cref="PerNodeJob"/> with its parameter and its rule, the
/// boundary on either side of each rule, the descriptions of a job and of a range, a result's
/// worker count, a worked example of a run (its grant, chunk sizes and chunks, from the kernel's
/// rule restated here) and a failing chunk stopping the hand-out in every range. Added for
/// mutation testing (docs/mutation.md): each test kills mutants the properties let live. Everything
/// here goes through the public API.
/// </summary>
public class PerNodeJobContractTests
{
    private static readonly ChunkFunction Nothing = (_, _) => { };

    [Fact]
    public void Null_ranges_and_a_null_thread_function_are_refused_by_name()
    {
        Assert.Equal("ranges", Assert.Throws<ArgumentNullException>(() => new PerNodeJob(null!, 1, 0, 1, Nothing)).ParamName);
        Assert.Equal("threadFunction", Assert.Throws<ArgumentNullException>(() => new PerNodeJob([new NodeRange(0, 0, 4)], 1, 0, 1, null!)).ParamName);
    }

    [Fact]
    public void A_zero_align_and_a_max_threads_below_one_are_refused_with_the_rule()
    {
        var align = Assert.Throws<ArgumentOutOfRangeException>(() => new PerNodeJob([new NodeRange(0, 0, 4)], 0, 0, 1, Nothing));
        Assert.Equal("align", align.ParamName);
        Assert.StartsWith("align must be at least 1 (chunk boundaries are multiples of it).", align.Message);
        var threads = Assert.Throws<ArgumentOutOfRangeException>(() => new PerNodeJob([new NodeRange(0, 0, 4)], 1, 0, 0, Nothing));
        Assert.Equal("maxThreads", threads.ParamName);
        Assert.StartsWith("maxThreads must be at least 1 (the caller is always a worker).", threads.Message);
    }

    [Fact]
    public void A_range_on_a_negative_node_is_refused_naming_the_range()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PerNodeJob([new NodeRange(0, 0, 4), new NodeRange(-1, 4, 4)], 1, 0, 1, Nothing));
        Assert.Equal("ranges", e.ParamName);
        Assert.Equal(-1, e.ActualValue);
        Assert.StartsWith("ranges[1].Node must be 0 or more (a node of the engine's topology).", e.Message);
    }

    [Fact]
    public void A_range_may_end_at_the_last_ulong_but_not_past_it()
    {
        // End == ulong.MaxValue exactly: start + size does not overflow, so the job is legal.
        var last = new PerNodeJob([new NodeRange(0, ulong.MaxValue - 4, 4)], 1, 0, 1, Nothing);
        Assert.Equal(4UL, last.Size);
        Assert.Equal(ulong.MaxValue, last.Ranges[0].End);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PerNodeJob([new NodeRange(0, 0, 4), new NodeRange(0, ulong.MaxValue - 1, 2)], 1, 0, 1, Nothing));
        Assert.Equal("ranges", e.ParamName);
        Assert.StartsWith($"ranges[1]: start + size must not exceed 18446744073709551615 (start 18446744073709551614 + size 2 overflows ulong).", e.Message);
    }

    [Fact]
    public void Overlapping_ranges_are_refused_naming_both_and_the_rule()
    {
        var e = Assert.Throws<ArgumentException>(() => new PerNodeJob([new NodeRange(0, 0, 4), new NodeRange(1, 3, 2)], 1, 0, 1, Nothing));
        Assert.Equal("ranges", e.ParamName);
        Assert.StartsWith("ranges[0] node 0: [0, 4) and ranges[1] node 1: [3, 5) overlap: every unit belongs to one range, so it runs exactly once.", e.Message);
    }

    [Fact]
    public void Adjacent_ranges_in_either_order_and_empty_ranges_anywhere_do_not_overlap()
    {
        // Half-open ranges: [4, 8) and [0, 4) share no unit, whichever comes first in the job.
        Assert.Equal(8UL, new PerNodeJob([new NodeRange(0, 4, 4), new NodeRange(1, 0, 4)], 1, 0, 1, Nothing).Size);
        Assert.Equal(8UL, new PerNodeJob([new NodeRange(0, 0, 4), new NodeRange(1, 4, 4)], 1, 0, 1, Nothing).Size);
        // An empty range has no unit, so it overlaps nothing, before or after the range it lies in.
        Assert.Equal(4UL, new PerNodeJob([new NodeRange(1, 0, 4), new NodeRange(0, 2, 0)], 1, 0, 1, Nothing).Size);
        Assert.Equal(4UL, new PerNodeJob([new NodeRange(0, 2, 0), new NodeRange(1, 0, 4)], 1, 0, 1, Nothing).Size);
    }

    [Fact]
    public void A_jobs_size_is_the_units_of_all_its_ranges()
    {
        var job = new PerNodeJob([new NodeRange(0, 0, 4), new NodeRange(1, 10, 3), new NodeRange(0, 20, 0)], 1, 0, 1, Nothing);
        Assert.Equal(7UL, job.Size);
        Assert.Equal(0UL, new PerNodeJob([], 1, 0, 1, Nothing).Size);
    }

    [Fact]
    public void The_callers_node_is_0_unless_set_and_a_negative_one_is_refused_with_the_rule()
    {
        Assert.Equal(0, new PerNodeJob([], 1, 0, 1, Nothing).Node);
        Assert.Equal(0, new PerNodeJob([], 1, 0, 1, Nothing) { Node = 0 }.Node);
        Assert.Equal(1, new PerNodeJob([], 1, 0, 1, Nothing) { Node = 1 }.Node);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PerNodeJob([], 1, 0, 1, Nothing) { Node = -1 });
        Assert.Equal("Node", e.ParamName);
        Assert.Equal(-1, e.ActualValue);
        Assert.StartsWith("Node must be 0 or more (a node of the engine's topology).", e.Message);
    }

    [Fact]
    public void A_range_describes_itself_as_its_node_and_half_open_units()
    {
        Assert.Equal("node 1: [3, 7)", new NodeRange(1, 3, 4).ToString());
        Assert.Equal("node 0: [5, 5)", new NodeRange(0, 5, 0).ToString());
    }

    [Fact]
    public void A_job_describes_its_ranges_and_parameters_and_only_a_set_node_or_anywhere()
    {
        NodeRange[] ranges = [new NodeRange(0, 0, 4), new NodeRange(1, 8, 2)];
        Assert.Equal("per-node job[node 0: [0, 4); node 1: [8, 10), align=2, min_chunk=1, max_threads=3]",
            new PerNodeJob(ranges, 2, 1, 3, Nothing).ToString());
        Assert.Equal("per-node job[node 0: [0, 4); node 1: [8, 10), align=2, min_chunk=1, max_threads=3, node=1]",
            new PerNodeJob(ranges, 2, 1, 3, Nothing) { Node = 1 }.ToString());
        Assert.Equal("per-node job[node 0: [0, 4); node 1: [8, 10), align=2, min_chunk=1, max_threads=3, anywhere]",
            new PerNodeJob(ranges, 2, 1, 3, Nothing) { Anywhere = true }.ToString());
        Assert.Equal("per-node job[node 1: [8, 10), align=1, min_chunk=0, max_threads=2, node=2, anywhere]",
            new PerNodeJob([ranges[1]], 1, 0, 2, Nothing) { Node = 2, Anywhere = true }.ToString());
        Assert.Equal("per-node job[, align=1, min_chunk=0, max_threads=1]", new PerNodeJob([], 1, 0, 1, Nothing).ToString());
    }

    [Fact]
    public void A_results_workers_are_the_caller_and_every_helper_granted_on_every_node()
    {
        Assert.Equal(4, new PerNodeJobResult([2, 1, 0], [8, 4, 0], 9).Workers);
        Assert.Equal(1, new PerNodeJobResult([0, 0], [4, 0], 1).Workers);
        Assert.Equal(1, new PerNodeJobResult([], [], 0).Workers);
    }

    [Fact]
    public void Worked_example_two_nodes_one_helper_each_chunks_of_four_each_range_worked_on_its_own_node()
    {
        // Two nodes of one CPU, a pool of 2, each node capped at 1 helper. Ranges [0, 32) on node 0 and
        // [32, 64) on node 1, align 1, min_chunk 1, max_threads 2. The kernel's rule per range:
        // nworks = max(32 / max(1, 1), 1) = 32, capped at max_threads: 2 workers, so 1 helper wanted per node;
        // the idle pool grants both. With the caller and the node's helper, 2 workers:
        // chunk = max(32 / (2 * 4), min_chunk 1) = 4, a multiple of align 1: 8 chunks per range.
        using var engine = new PadataEngine(2, Topology.Uniform(2, 1), new HelperLimits([1, 1], 2));
        var calls = new List<(ulong Start, ulong End, int? Helper)>();
        var job = new PerNodeJob([new NodeRange(0, 0, 32), new NodeRange(1, 32, 32)], 1, 1, 2, (start, end) =>
        {
            lock (calls)
                calls.Add((start, end, PadataEngine.CurrentHelperNode));
        });
        PerNodeJobResult result = Bounded.Call(() => engine.DoMultithreadedPerNode(job), engine, job.ToString());

        Assert.Equal([1, 1], result.HelpersPerNode);
        Assert.Equal(3, result.Workers);
        Assert.Equal([4UL, 4UL], result.ChunkSizes);
        Assert.Equal(16, result.Chunks);
        var expected = Enumerable.Range(0, 16).Select(i => ((ulong)i * 4, (ulong)i * 4 + 4));
        Assert.Equal(expected, calls.Select(c => (c.Start, c.End)).OrderBy(c => c.Item1));
        // Not anywhere: a helper runs only chunks of its own node's range (the caller may run any).
        Assert.All(calls.Where(c => c.Helper is not null), c => Assert.Equal(c.Start < 32 ? 0 : 1, c.Helper));
        Assert.Equal(2, engine.PoolAvailable);
    }

    [Fact]
    public void A_failing_chunk_stops_the_hand_out_of_every_other_range()
    {
        // max_threads 1: no helper, each range one chunk, run by the caller: its own node's range
        // first, then the others in order. The first chunk throws; no chunk is started after it, so the
        // range of node 1 is never run.
        using var engine = new PadataEngine(2, Topology.Uniform(2, 1));
        var calls = new List<(ulong, ulong)>();
        var job = new PerNodeJob([new NodeRange(0, 0, 4), new NodeRange(1, 4, 4)], 1, 1, 1, (start, end) =>
        {
            lock (calls)
                calls.Add((start, end));
            if (start == 0)
                throw new InvalidOperationException("chunk 0 fails");
        });
        var failure = Assert.Throws<JobFailedException>(() => Bounded.Call(() => engine.DoMultithreadedPerNode(job), engine, job.ToString()));
        Assert.Equal([(0UL, 4UL)], calls);
        Assert.Equal(new Chunk(0, 4), Assert.Single(failure.Failures).Chunk);
        Assert.Contains("no chunk was started after it", failure.Message);
        Assert.Equal(2, engine.PoolAvailable);
    }
}
