using BenchmarkDotNet.Attributes;
using Padata.Models;

namespace Padata.Bench;

/// <summary>
/// VFIO DMA pinning (<see cref="VfioPinMapDma"/>) of 16 GiB (4,194,304 pages of 4 KiB): charge,
/// pin and map every page, on the engine at 1..ProcessorCount workers, against the baseline of
/// the same thread function called once over the whole request on one thread (the single-threaded
/// loop). Every iteration starts from a fresh model (not timed) and is verified afterwards, so a
/// fast wrong run cannot pass as a result.
/// </summary>
[Config(typeof(BenchConfig))]
public class VfioPinBenchmarks : WorkerCountBenchmarks
{
    public const ulong RequestPages = 4_194_304;

    private readonly DmaMapRequest request = new(0, 0, RequestPages);
    private VfioModel model = null!;
    private DmaMapOutcome? outcome;

    [IterationSetup]
    public void FreshModel()
    {
        model = new VfioModel(RequestPages, RequestPages, (long)RequestPages);
        outcome = null;
    }

    protected override string? Problem()
    {
        if (outcome is null)
            return null;
        VerificationReport report = VfioVerifier.Verify(model, [outcome]);
        return report.Holds && outcome.Succeeded ? null : $"{outcome}; {report}";
    }

    [Benchmark(Description = "single-threaded loop", Baseline = true)]
    public void SingleThreaded()
    {
        MultithreadedJob job = VfioPinMapDma.JobFor(model, request, maxThreads: 1);
        job.ThreadFunction(job.Start, job.End);
        outcome = new DmaMapOutcome(request, new JobResult(1, 1, job.Size, 1), null);
    }

    [Benchmark(Description = "engine")]
    public void Engine() => outcome = VfioPinMapDma.Map(EngineUnderTest, model, request, Workers);
}
