using BenchmarkDotNet.Attributes;
using Padata.Models;

namespace Padata.Bench;

/// <summary>
/// Deferred page init of 2 logical nodes of 1 CPU each (one fully present zone of 2,097,152 pages,
/// 8 GiB, per node; x86-64 geometry) on an engine of that topology with the default limits (a node of
/// one CPU gets no helper, so all parallelism is the node callers'): one caller per node at once, as
/// the kernel boots (<see cref="DeferredPageInit.RunConcurrently"/>), against one caller doing the
/// zones one after another (<see cref="DeferredPageInit.Run"/>). Every iteration starts from a cleared
/// memmap (not timed) and is verified after it runs, so a fast wrong run cannot pass as a result.
/// </summary>
[Config(typeof(BenchConfig))]
public class PageInitNodesBenchmarks
{
    public const ulong NodePages = 2_097_152;
    public const ulong Start = 1_048_576;

    private MemoryLayout layout = null!;
    private Memmap memmap = null!;
    private MemoryModel model = null!;
    private PadataEngine engine = null!;
    private bool initialized;

    [GlobalSetup]
    public void Setup()
    {
        var nodes = new NodeLayout[2];
        for (int node = 0; node < nodes.Length; node++)
        {
            var span = new PfnRange(Start + (ulong)node * NodePages, Start + (ulong)(node + 1) * NodePages);
            nodes[node] = new NodeLayout(node, 1, [new ZoneLayout("Normal", span, [span])]);
        }
        layout = new MemoryLayout(MemoryGeometry.X86_64, nodes);
        memmap = new Memmap(layout.Span);
        Topology topology = DeferredPageInit.TopologyOf(layout);
        engine = new PadataEngine(topology.TotalCpus, topology);
    }

    [IterationSetup]
    public void FreshMemmap()
    {
        model = new MemoryModel(layout, memmap);
        initialized = false;
    }

    [IterationCleanup]
    public void VerifyRun()
    {
        if (!initialized)
            return;
        VerificationReport report = MemmapVerifier.Verify(model);
        if (!report.Holds)
            throw new InvalidOperationException($"{nameof(PageInitNodesBenchmarks)} produced a wrong memmap: {report}");
    }

    [GlobalCleanup]
    public void Cleanup() => engine.Dispose();

    [Benchmark(Baseline = true, Description = "sequential: one caller, zone after zone")]
    public void Sequential()
    {
        DeferredPageInit.Run(engine, model);
        initialized = true;
    }

    [Benchmark(Description = "concurrent: one caller per node")]
    public void Concurrent()
    {
        DeferredPageInit.RunConcurrently(engine, model);
        initialized = true;
    }
}
