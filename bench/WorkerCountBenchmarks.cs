using BenchmarkDotNet.Attributes;

namespace Padata.Bench;

/// <summary>
/// A job at 1..ProcessorCount workers (<see cref="Workers"/>, its max_threads) on one engine whose
/// pool holds a work item per processor, every iteration checked (<see cref="VerifiedEngineBenchmarks"/>):
/// what <see cref="VfioPinBenchmarks"/>, <see cref="FallocateBenchmarks"/> and
/// <see cref="ClearGiganticBenchmarks"/> share.
/// </summary>
public abstract class WorkerCountBenchmarks : VerifiedEngineBenchmarks
{
    public static IEnumerable<int> WorkerCounts => Enumerable.Range(1, Environment.ProcessorCount);

    [ParamsSource(nameof(WorkerCounts))]
    public int Workers { get; set; }

    protected override string RunName => $"{GetType().Name} with {Workers} worker(s)";

    [GlobalSetup]
    public void StartEngine() => EngineUnderTest = new PadataEngine(Environment.ProcessorCount);
}
