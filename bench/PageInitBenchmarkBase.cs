using BenchmarkDotNet.Attributes;
using Padata.Models;

namespace Padata.Bench;

/// <summary>
/// What the page-init benchmarks share (<see cref="PageInitBenchmarks"/>, <see cref="PageInitNodesBenchmarks"/>):
/// one memmap and one engine for all iterations (made by the benchmark's own global setup through
/// <see cref="Prepare"/>), a fresh model over the cleared memmap before every iteration (not timed),
/// and the model verified after every iteration that ran page init (<see cref="VerifiedEngineBenchmarks"/>).
/// A benchmark that runs page init sets <see cref="Initialized"/>.
/// </summary>
public abstract class PageInitBenchmarkBase : VerifiedEngineBenchmarks
{
    private MemoryLayout layout = null!;

    protected Memmap Memmap { get; private set; } = null!;

    protected MemoryModel Model { get; private set; } = null!;

    protected bool Initialized { get; set; }

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

    protected override string? Problem()
    {
        if (!Initialized)
            return null;
        VerificationReport report = MemmapVerifier.Verify(Model);
        return report.Holds ? null : $"a wrong memmap: {report}";
    }
}
