using FsCheck.Xunit;

namespace Padata.Properties;

/// <summary>Invalid jobs are rejected at construction with an exception that names the parameter and the rule.</summary>
[Properties(Arbitrary = [typeof(Generators)])]
public class JobValidationProperties
{
    private static readonly ChunkFunction Nothing = (_, _) => { };

    [Property]
    public void Align_zero_is_rejected_naming_align(JobShape s)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MultithreadedJob(s.Start, s.Size, 0, s.MinChunk, s.MaxThreads, Nothing));
        Assert.Equal("align", e.ParamName);
        Assert.Contains("at least 1", e.Message);
    }

    [Property]
    public void Max_threads_below_one_is_rejected_naming_max_threads(JobShape s, byte below)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MultithreadedJob(s.Start, s.Size, s.Align, s.MinChunk, -below, Nothing));
        Assert.Equal("maxThreads", e.ParamName);
        Assert.Contains("at least 1", e.Message);
    }

    [Property]
    public void A_range_whose_end_overflows_ulong_is_rejected_naming_size(ulong start, ulong beyond)
    {
        if (start == 0)
            start = 1;
        ulong size = ulong.MaxValue - start + 1 + Math.Min(beyond, start - 1);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MultithreadedJob(start, size, 1, 0, 1, Nothing));
        Assert.Equal("size", e.ParamName);
        Assert.Contains("overflows", e.Message);
    }

    [Property]
    public void A_missing_thread_function_is_rejected_naming_it(JobShape s)
    {
        var e = Assert.Throws<ArgumentNullException>(() => new MultithreadedJob(s.Start, s.Size, s.Align, s.MinChunk, s.MaxThreads, null!));
        Assert.Equal("threadFunction", e.ParamName);
    }

    [Property]
    public void Min_chunk_zero_and_size_zero_are_legal(JobShape s)
    {
        var job = new MultithreadedJob(s.Start, 0, s.Align, 0, s.MaxThreads, Nothing);
        using var engine = new BoundedEngine(0);
        Assert.Equal(JobResult.Empty, engine.DoMultithreaded(job));
    }

    [Property]
    public void A_range_ending_exactly_at_ulong_max_is_legal(byte size)
    {
        var job = new MultithreadedJob(ulong.MaxValue - size, size, 1, 0, 4, Nothing);
        Assert.Equal(ulong.MaxValue, job.End);
    }
}
