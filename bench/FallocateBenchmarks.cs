using BenchmarkDotNet.Attributes;
using Padata.Models;

namespace Padata.Bench;

/// <summary>
/// hugetlbfs fallocate (<see cref="HugetlbfsFallocate"/>) of a 1 GiB file of 2 MiB huge pages (512
/// pages from a pool of 512; clearing each page is the work) on the engine at 1..ProcessorCount
/// workers, against the same thread function called once over the whole range on one thread.
/// Every iteration starts from a fresh pool and file (not timed: allocating the pool's 1 GiB) and
/// is verified afterwards.
/// </summary>
[Config(typeof(BenchConfig))]
public class FallocateBenchmarks : WorkerCountBenchmarks
{
    public const int FilePages = 512;

    private readonly FallocateRequest request = new(0, 0, FilePages);
    private HugetlbfsModel model = null!;
    private int?[] before = [];
    private FallocateOutcome? outcome;

    [IterationSetup]
    public void FreshModel()
    {
        model = new HugetlbfsModel(FilePages, HugetlbfsModel.HugePageSize2MiB);
        before = model.CreateFile(FilePages).Snapshot();
        outcome = null;
    }

    protected override string? Problem()
    {
        if (outcome is null)
            return null;
        VerificationReport report = HugetlbfsVerifier.Verify(model, [before], [outcome]);
        return report.Holds && outcome.Succeeded ? null : $"{outcome}; {report}";
    }

    [Benchmark(Description = "single-threaded loop", Baseline = true)]
    public void SingleThreaded()
    {
        MultithreadedJob job = HugetlbfsFallocate.JobFor(model, request, maxThreads: 1);
        job.ThreadFunction(job.Start, job.End);
        outcome = new FallocateOutcome(request, new JobResult(1, 1, job.Size, 1), null);
    }

    [Benchmark(Description = "engine")]
    public void Engine() => outcome = HugetlbfsFallocate.Fallocate(EngineUnderTest, model, request, Workers);
}
