using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using Padata.Models;

namespace Padata.Bench;

/// <summary>
/// Deferred page init of a 16 GiB zone (4,194,304 pages, x86-64 geometry, one fully present zone)
/// on the engine at 1..ProcessorCount workers, against the same per-page work driven by
/// <see cref="Parallel.ForEach{TSource}(Partitioner{TSource}, ParallelOptions, Action{TSource})"/>
/// over the same chunks and by one plain loop, and against clearing the same memmap bytes (the
/// memory-bandwidth bound). Every iteration starts from a cleared memmap (not timed); every run of
/// page init is verified after the last iteration, so a fast wrong run cannot pass as a result.
/// </summary>
[Config(typeof(BenchConfig))]
public class PageInitBenchmarks : PageInitBenchmarkBase
{
    public const ulong ZonePages = 4_194_304;
    public const ulong ZoneStart = 1_048_576;

    public static IEnumerable<int> WorkerCounts => Enumerable.Range(1, Environment.ProcessorCount);

    [ParamsSource(nameof(WorkerCounts))]
    public int Workers { get; set; }

    protected override string RunName => $"{nameof(PageInitBenchmarks)} with {Workers} worker(s)";

    [GlobalSetup]
    public void Setup() =>
        Prepare(MemoryLayout.SingleZone(MemoryGeometry.X86_64, ZoneStart, ZonePages, Workers), new PadataEngine(Environment.ProcessorCount));

    [Benchmark(Description = "engine")]
    public void Engine()
    {
        DeferredPageInit.Run(EngineUnderTest, Model);
        Initialized = true;
    }

    [Benchmark(Description = "Parallel.ForEach, same chunks")]
    public void ParallelFor()
    {
        Zone zone = Model.Zones[0];
        MultithreadedJob job = DeferredPageInit.JobFor(Model, zone);
        ulong chunk = ChunkPlan.ChunkSizeFor(job, Workers);
        var chunks = Partitioner.Create((long)job.Start, (long)job.End, (long)chunk);
        var chunkFunction = new DeferredInitChunk(Model.Memmap, zone);
        Parallel.ForEach(chunks, new ParallelOptions { MaxDegreeOfParallelism = Workers },
                         range => chunkFunction.Run((ulong)range.Item1, (ulong)range.Item2));
        Initialized = true;
    }

    [Benchmark(Description = "plain loop")]
    public void PlainLoop()
    {
        Zone zone = Model.Zones[0];
        new DeferredInitChunk(Model.Memmap, zone).Run(zone.Span.Start, zone.Span.End);
        Initialized = true;
    }

    [Benchmark(Description = "Span.Clear of the memmap")]
    public void ClearBound()
    {
        PfnRange span = Memmap.Span;
        if (Workers == 1)
        {
            Memmap.Pages(span).Clear();
            return;
        }
        ulong share = (span.Length + (ulong)Workers - 1) / (ulong)Workers;
        Parallel.For(0, Workers, new ParallelOptions { MaxDegreeOfParallelism = Workers }, part =>
        {
            ulong from = span.Start + (ulong)part * share;
            Memmap.Pages(new PfnRange(from, Math.Min(from + share, span.End))).Clear();
        });
    }
}
