using BenchmarkDotNet.Attributes;
using Padata.Models;

namespace Padata.Bench;

/// <summary>
/// Clearing a 1 GiB gigantic page (262,144 subpages of 4 KiB, <see cref="ClearGiganticPage"/>)
/// on the engine at 1..ProcessorCount workers, against <c>Span.Clear</c> of the same bytes on one
/// thread (the single-thread clear bandwidth), and against the job's own thread function (4 KiB at a
/// time) over the whole page on one thread. Every iteration starts from stale data (not timed)
/// and is verified afterwards, so a fast wrong run cannot pass as a result.
/// </summary>
[Config(typeof(BenchConfig))]
public class ClearGiganticBenchmarks : WorkerCountBenchmarks
{
    private readonly GiganticPage page = new(GiganticPageGeometry.X86_64_1GiB);
    private bool ran;

    [IterationSetup]
    public void StaleData()
    {
        page.Dirty();
        ran = false;
    }

    protected override string? Problem()
    {
        if (!ran)
            return null;
        VerificationReport report = GiganticPageVerifier.Verify(page);
        return report.Holds ? null : report.ToString();
    }

    [Benchmark(Description = "Span.Clear, one thread", Baseline = true)]
    public void SpanClear()
    {
        page.Page.Clear();
        ran = true;
    }

    /// <summary>The job's thread function over the whole page on one thread: the same subpage-by-subpage clear, no engine.</summary>
    [Benchmark(Description = "subpage loop, one thread")]
    public void SubpageLoop()
    {
        MultithreadedJob job = ClearGiganticPage.JobFor(page, maxThreads: 1);
        job.ThreadFunction(job.Start, job.End);
        ran = true;
    }

    [Benchmark(Description = "engine")]
    public void Engine()
    {
        ClearGiganticPage.Clear(EngineUnderTest, page, Workers);
        ran = true;
    }
}
