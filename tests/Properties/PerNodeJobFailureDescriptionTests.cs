namespace Padata.Properties;

/// <summary>
/// What a failed per-node job says (JobFailedException's description, docs/design.md §7.3.1: a
/// per-node job has no undo): the first failed chunk, the job, the error, that nothing was started
/// after it, how many failures came later, and never a word about undoing, which such a job never
/// does. Added for mutation testing (docs/mutation.md).
/// </summary>
public class PerNodeJobFailureDescriptionTests
{
    [Fact]
    public void A_failed_per_node_job_names_the_chunk_the_job_and_the_error_and_says_nothing_of_undo()
    {
        // Pool 0: the caller alone runs the job. max_threads 1: [0, 4) is one chunk (the fast path).
        using var engine = new PadataEngine(0);
        var job = new PerNodeJob([new NodeRange(0, 0, 4)], align: 1, minChunk: 0, maxThreads: 1,
                                 (start, end) => throw new FormatException("unit 0 is bad"));
        var failed = Assert.Throws<JobFailedException>(() => Bounded.Call(() => engine.DoMultithreadedPerNode(job), engine, $"{job}"));
        // AggregateException appends each inner message in parentheses.
        Assert.Equal("Chunk [0, 4) of per-node job[node 0: [0, 4), align=1, min_chunk=0, max_threads=1] threw FormatException: unit 0 is bad; " +
                     "no chunk was started after it. (unit 0 is bad)", failed.Message);
        Assert.Equal(new Chunk(0, 4), Assert.Single(failed.Failures).Chunk);
    }

    [Fact]
    public void A_per_node_job_with_several_failures_says_how_many_came_later_and_nothing_of_undo()
    {
        var job = new PerNodeJob([new NodeRange(1, 0, 8), new NodeRange(0, 8, 8)], align: 2, minChunk: 2, maxThreads: 4,
                                 (start, end) => { }) { Anywhere = true };
        var failures = new[]
        {
            new ChunkFailure(new Chunk(8, 10), new InvalidOperationException("first")),
            new ChunkFailure(new Chunk(0, 2), new FormatException("second")),
        };
        var e = new JobFailedException(job, failures);
        Assert.Equal("Chunk [8, 10) of per-node job[node 1: [0, 8); node 0: [8, 16), align=2, min_chunk=2, max_threads=4, anywhere] " +
                     "threw InvalidOperationException: first; no chunk was started after it; 1 later chunk failure(s) attached. (first) (second)",
                     e.Message);
        Assert.Same(failures, e.Failures);
    }
}
