using BenchmarkDotNet.Attributes;

namespace Padata.Bench;

/// <summary>Fixed costs of the engine: the single-worker fast path, a 2-worker dispatch with trivial chunks, pool take/return.</summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
public class EngineOverheadBenchmarks
{
    private PadataEngine engine = null!;
    private MultithreadedJob fastPath = null!;
    private MultithreadedJob twoWorkers = null!;

    [GlobalSetup]
    public void Setup()
    {
        engine = new PadataEngine(2);
        fastPath = new MultithreadedJob(0, 1, 1, 1, 1, static (_, _) => { });
        twoWorkers = new MultithreadedJob(0, 2, 1, 1, 2, static (_, _) => { });
    }

    [GlobalCleanup]
    public void Cleanup() => engine.Dispose();

    [Benchmark(Description = "fast-path job (1 worker)")]
    public JobResult FastPath() => engine.DoMultithreaded(fastPath);

    [Benchmark(Description = "2-worker job, trivial chunks")]
    public JobResult TwoWorkerDispatch() => engine.DoMultithreaded(twoWorkers);

    [Benchmark(Description = "pool take + return of 1 item")]
    public void PoolTakeReturn() => engine.Pool.Return(engine.Pool.Take(1));
}
