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
public class PageInitNodesBenchmarks : PageInitBenchmarkBase
{
    public const ulong NodePages = 2_097_152;
    public const ulong Start = 1_048_576;

    [GlobalSetup]
    public void Setup()
    {
        var nodes = new NodeLayout[2];
        for (int node = 0; node < nodes.Length; node++)
        {
            var span = new PfnRange(Start + (ulong)node * NodePages, Start + (ulong)(node + 1) * NodePages);
            nodes[node] = new NodeLayout(node, 1, [new ZoneLayout("Normal", span, [span])]);
        }
        var layout = new MemoryLayout(MemoryGeometry.X86_64, nodes);
        Topology topology = DeferredPageInit.TopologyOf(layout);
        Prepare(layout, new PadataEngine(topology.TotalCpus, topology));
    }

    [Benchmark(Baseline = true, Description = "sequential: one caller, zone after zone")]
    public void Sequential()
    {
        DeferredPageInit.Run(EngineUnderTest, Model);
        Initialized = true;
    }

    [Benchmark(Description = "concurrent: one caller per node")]
    public void Concurrent()
    {
        DeferredPageInit.RunConcurrently(EngineUnderTest, Model);
        Initialized = true;
    }
}
