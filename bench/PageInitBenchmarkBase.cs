using BenchmarkDotNet.Attributes;
using Padata.Models;

namespace Padata.Bench;

/// <summary>
/// What the page-init benchmarks share (<see cref="PageInitBenchmarks"/>, <see cref="PageInitNodesBenchmarks"/>):
/// one memmap and one engine for all iterations (made by the benchmark's own global setup through
/// <see cref="Prepare"/>), a fresh model over the cleared memmap before every iteration (not timed),
/// and the model verified after every iteration that ran page init, so a fast wrong run cannot pass
/// as a result. A benchmark that runs page init sets <see cref="Initialized"/>.
/// </summary>
public abstract class PageInitBenchmarkBase
{
    private MemoryLayout layout = null!;

    protected Memmap Memmap { get; private set; } = null!;

    protected MemoryModel Model { get; private set; } = null!;

    protected PadataEngine EngineUnderTest { get; private set; } = null!;

    protected bool Initialized { get; set; }

    /// <summary>How a wrong memmap names the run.</summary>
    protected virtual string RunName => GetType().Name;

    /// <summary>Keeps <paramref name="layout"/>, a memmap of its span and <paramref name="engine"/> for every iteration.</summary>
    protected void Prepare(MemoryLayout layout, PadataEngine engine)
    {
        this.layout = layout;
        Memmap = new Memmap(layout.Span);
        EngineUnderTest = engine;
    }

    [IterationSetup]
    public void FreshMemmap()
    {
        Model = new MemoryModel(layout, Memmap);
        Initialized = false;
    }

    [IterationCleanup]
    public void VerifyRun()
    {
        if (!Initialized)
            return;
        VerificationReport report = MemmapVerifier.Verify(Model);
        if (!report.Holds)
            throw new InvalidOperationException($"{RunName} produced a wrong memmap: {report}");
    }

    [GlobalCleanup]
    public void Cleanup() => EngineUnderTest.Dispose();
}
