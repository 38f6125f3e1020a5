namespace Padata.Properties;

/// <summary>
/// How a per-node job asks for helpers and sizes each range's chunks (docs/design.md §7.3.1
/// "Planning, per range, by the kernel's rule"), as literal worked examples. The kernel's rule,
/// restated: a range of <c>size</c> units asks for <c>nworks = clamp(size / max(min_chunk, align), 1,
/// max_threads)</c> workers (none when empty); the caller is a worker of every range, so node n asks
/// for <c>max(nworks_r − 1)</c> helpers over its ranges. A range worked by the caller and h helpers
/// has chunks of <c>roundup(max(size / (w × 4), min_chunk, 1), align)</c> units, with
/// <c>w = min(1 + h, nworks)</c>; a range of one worker is one chunk (0 here). Added for mutation
/// testing (docs/mutation.md).
/// </summary>
public class PerNodePlanContractTests
{
    private static void Nothing(ulong start, ulong end)
    {
    }

    [Fact]
    public void A_node_asks_for_the_helpers_of_its_largest_range_less_the_caller_and_a_node_without_ranges_for_none()
    {
        // align 1, min_chunk 4, max_threads 6:
        //   node 0 [0, 16):    16 / 4 = 4 workers → 3 helpers
        //   node 0 [100, 108):  8 / 4 = 2 workers → 1 helper          node 0: max(3, 1) = 3
        //   node 1 [200, 204):  4 / 4 = 1 worker  → 0 helpers
        //   node 1 [300, 300):  empty, never runs → no helper        node 1: 0
        //   node 2 [400, 408):  8 / 4 = 2 workers → 1 helper
        //   node 2 [500, 532): 32 / 4 = 8, at most 6 workers → 5      node 2: max(1, 5) = 5
        //   node 3: no range                                          node 3: 0
        var job = new PerNodeJob(
            [new NodeRange(0, 0, 16), new NodeRange(0, 100, 8), new NodeRange(1, 200, 4), new NodeRange(1, 300, 0),
             new NodeRange(2, 400, 8), new NodeRange(2, 500, 32)],
            align: 1, minChunk: 4, maxThreads: 6, Nothing);
        Assert.Equal([3, 0, 5, 0], ChunkPlan.HelpersWantedPerNode(job, 4));
    }

    [Fact]
    public void A_job_of_one_chunk_ranges_asks_for_no_helper_anywhere()
    {
        // align 4, min_chunk 0: [0, 4) is 4 / 4 = 1 worker; [8, 10) is max(2 / 4, 1) = 1 worker.
        var job = new PerNodeJob([new NodeRange(1, 0, 4), new NodeRange(0, 8, 2)], align: 4, minChunk: 0, maxThreads: 8, Nothing);
        Assert.Equal([0, 0], ChunkPlan.HelpersWantedPerNode(job, 2));
    }

    [Fact]
    public void A_range_chunk_size_follows_the_helpers_able_to_work_it_up_to_what_the_range_asks_for()
    {
        // align 1, min_chunk 4, max_threads 8: [0, 64) asks for min(64 / 4, 8) = 8 workers.
        //   0 helpers:   w = 1: 64 / 4  = 16
        //   1 helper:    w = 2: 64 / 8  = 8
        //   100 helpers: w = 8: 64 / 32 = 2, below min_chunk → 4
        // [100, 104) asks for 1 worker and [200, 200) for none: 0 (one chunk, or no chunk).
        var job = new PerNodeJob([new NodeRange(0, 0, 64), new NodeRange(1, 100, 4), new NodeRange(1, 200, 0)],
                                 align: 1, minChunk: 4, maxThreads: 8, Nothing);
        Assert.Equal([16UL, 8UL, 4UL], new[] { 0, 1, 100 }.Select(h => ChunkPlan.RangeChunkSize(job, 0, h)));
        Assert.Equal(0UL, ChunkPlan.RangeChunkSize(job, 1, 3));
        Assert.Equal(0UL, ChunkPlan.RangeChunkSize(job, 2, 3));
        // align 3, min_chunk 0, max_threads 4: [1, 31) asks for min(30 / 3, 4) = 4 workers; with 1
        // helper, 30 / (2 × 4) = 3, a multiple of 3 already; with 3, 30 / 16 = 1 → rounded up to 3.
        var aligned = new PerNodeJob([new NodeRange(0, 1, 30)], align: 3, minChunk: 0, maxThreads: 4, Nothing);
        Assert.Equal([3UL, 3UL], new[] { 1, 3 }.Select(h => ChunkPlan.RangeChunkSize(aligned, 0, h)));
    }

    [Fact]
    public void The_per_node_plan_refuses_a_null_job_and_a_negative_helper_count_naming_them()
    {
        Assert.Equal("job", Assert.Throws<ArgumentNullException>(() => ChunkPlan.HelpersWantedPerNode(null!, 2)).ParamName);
        Assert.Equal("job", Assert.Throws<ArgumentNullException>(() => ChunkPlan.RangeChunkSize(null!, 0, 0)).ParamName);
        // Refused for a range of several workers and for a range of one chunk alike: the count is
        // checked before the range is planned.
        var job = new PerNodeJob([new NodeRange(0, 0, 64), new NodeRange(0, 100, 1)], align: 1, minChunk: 4, maxThreads: 8, Nothing);
        foreach (int range in new[] { 0, 1 })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => ChunkPlan.RangeChunkSize(job, range, -1));
            Assert.Equal("helpersAble", e.ParamName);
            Assert.Equal(-1, e.ActualValue);
        }
    }
}
