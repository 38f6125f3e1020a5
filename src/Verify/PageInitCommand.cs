using System.CommandLine;
using System.Diagnostics;
using Padata.Harness.Contracts;
using Padata.Models;

namespace Padata.Verify;

/// <summary>
/// <c>page-init</c>: deferred struct page init at real x86-64 geometry on real threads (the
/// unrewritten engine and model), then the full invariant check, timed separately. The machine is
/// <c>--nodes</c> logical nodes of <c>--cpus-per-node</c> CPUs, each with one fully present zone of
/// <c>--pages</c>, on one engine of that topology (pool = every CPU, default helper limits): by
/// default one caller per node at once, as the kernel boots; <c>--sequential</c> runs the zones one
/// after another from one caller, one job per zone; <c>--per-node-ranges</c> runs every node's
/// ranges as one per-node job from one caller (docs/design.md §7.3.1).
/// </summary>
internal static class PageInitCommand
{
    /// <summary>At most 2^30 pages (4 TiB of memory, a 64 GiB memmap): the memmap is one array of page structs.</summary>
    private const ulong MaxPages = 1UL << 30;

    /// <summary>x86-64 physical addresses have 52 bits: pfns are below 2^40.</summary>
    private const ulong PfnLimit = 1UL << 40;

    public static Command Create()
    {
        var pages = Values.WholeNumber<ulong>("--pages", "Pages in each node's zone (4,194,304 = 16 GiB; the memmap takes 64 bytes a page).", 1, MaxPages, 4_194_304);
        var start = Values.WholeNumber<ulong>("--start-pfn", "First pfn of node 0's zone; the other nodes' zones follow it (1,048,576 = 4 GiB).", 0, PfnLimit - 1, 1_048_576);
        var cpus = Values.WholeNumber<int>("--cpus-per-node", "CPUs of each node: its jobs' max_threads. Alias: --cpus.", 1, MaxCpusPerNode, Environment.ProcessorCount);
        cpus.Aliases.Add("--cpus");
        var nodes = Values.WholeNumber<int>("--nodes", "Logical NUMA nodes, each with one zone of --pages.", 1, MemoryLayout.MaxNodes, 1);
        var sequential = new Option<bool>("--sequential")
        {
            Description = "Initialize the zones one after another from one caller, one job per zone, instead of one caller per node at once.",
        };
        var perNodeRanges = new Option<bool>("--per-node-ranges")
        {
            Description = "Initialize every node's ranges as one per-node job from one caller (ktask_run_numa): each range worked by its node's helpers and the caller.",
        };
        var runs = Values.WholeNumber<int>("--runs", "Runs, each on a fresh memmap; every run is verified.", 1, int.MaxValue, 3);

        var command = new Command("page-init",
            "Deferred page init natively at x86-64 geometry, one caller per node at once (or --sequential): time, workers, pages/s, then verify the memmap and buddy allocators.")
        {
            pages, start, cpus, nodes, sequential, perNodeRanges, runs,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(sequential) && result.GetValue(perNodeRanges))
                result.AddError("--sequential and --per-node-ranges are two ways to run deferred init: give at most one.");
            // An option left out has its default; one typed wrong has reported its own error.
            int nodeCount = 1;
            if (!Values.TryGet(result, start, out ulong first) || !Values.TryGet(result, pages, out ulong count)
                || (result.GetResult(nodes) is not null && !Values.TryGet(result, nodes, out nodeCount)))
                return;
            if ((UInt128)count * (ulong)nodeCount > MaxPages)
                result.AddError($"--pages times --nodes must be at most {MaxPages:N0} (one memmap for every node; got {count:N0} × {nodeCount:N0}).");
            else if (count * (ulong)nodeCount > PfnLimit - first)
                result.AddError($"--start-pfn plus --pages times --nodes must stay below pfn {PfnLimit:N0} (x86-64's 52-bit physical addresses; got {first:N0} + {count:N0} × {nodeCount:N0}).");
        });
        command.SetAction(parse =>
        {
            ulong count = parse.GetValue(pages);
            int nodeCount = parse.GetValue(nodes);
            // Every rule of the layout is checked by the parser above; the model validates again
            // on construction, and would name its own parameters, not the flags.
            MemoryLayout layout = Layout(parse.GetValue(start), count, nodeCount, parse.GetValue(cpus));
            Topology topology = DeferredPageInit.TopologyOf(layout);
            using var engine = new PadataEngine(topology.TotalCpus, topology);
            // As the kernel boots: its worker pools have their workers before deferred init queues
            // anything. Not timed, like faulting the memmap in; without it the first job with a
            // helper would also wait for a new thread to run (README, "Cold and warm").
            int threads = engine.StartWorkers();
            Mode mode = parse.GetValue(sequential) ? Mode.Sequential : parse.GetValue(perNodeRanges) ? Mode.PerNodeRanges : Mode.Concurrent;
            Console.WriteLine($"engine: pool {engine.PoolCapacity}, {topology}, {engine.Limits}, {threads} worker thread(s) started; " + mode switch
            {
                Mode.Concurrent => $"{nodeCount} node caller(s) at once, one job per present range",
                Mode.PerNodeRanges => "one caller, one per-node job of every node's present ranges",
                _ => "one caller, zone after zone, one job per zone",
            });
            var times = new List<double>();
            for (int run = 1; run <= parse.GetValue(runs); run++)
            {
                Console.WriteLine($"run {run}:");
                bool holds;
                try
                {
                    holds = RunOnce(engine, layout, mode, times);
                }
                catch (OutOfMemoryException)
                {
                    throw new UsageException($"--pages {count:N0} needs a memmap of {count * 64 / (1 << 20):N0} MiB, more than this machine could allocate: choose fewer pages.");
                }
                if (!holds)
                    return ExitCode.Violated;
            }
            double best = times.Min();
            Console.WriteLine($"best of {times.Count}: {best:F1} ms, {layout.PresentPages / (best / 1000) / 1e6:F0} M pages/s "
                              + $"(median {Statistics.Median(times):F1} ms)");
            return ExitCode.Passed;
        });
        return command;
    }

    /// <summary>Most CPUs a node may have: the pool holds one work item per CPU of every node.</summary>
    private const int MaxCpusPerNode = 4096;

    /// <summary><paramref name="nodes"/> nodes, each one fully present zone of <paramref name="pages"/>, one after another from <paramref name="start"/>.</summary>
    private static MemoryLayout Layout(ulong start, ulong pages, int nodes, int cpus)
    {
        var layout = new NodeLayout[nodes];
        for (int node = 0; node < nodes; node++)
        {
            var span = new PfnRange(start + (ulong)node * pages, start + (ulong)(node + 1) * pages);
            layout[node] = new NodeLayout(node, cpus, [new ZoneLayout("Normal", span, [span])]);
        }
        return new MemoryLayout(MemoryGeometry.X86_64, layout);
    }

    private enum Mode
    {
        Concurrent,
        Sequential,
        PerNodeRanges,
    }

    private static bool RunOnce(PadataEngine engine, MemoryLayout layout, Mode mode, List<double> times)
    {
        var model = new MemoryModel(layout);

        // The kernel's memmap is mapped memory before deferred init runs; fault ours in first
        // so the timing is of page init, not of the operating system's page faults.
        model.Memmap.Pages(model.Memmap.Span).Clear();

        IReadOnlyList<RangeInitResult>? byRange = null;
        IReadOnlyList<ZoneInitResult>? byZone = null;
        PerNodeJobResult? perNode = null;
        var clock = Stopwatch.StartNew();
        if (mode == Mode.PerNodeRanges)
            perNode = DeferredPageInit.RunPerNodeRanges(engine, model);
        else if (mode == Mode.Concurrent)
            byRange = DeferredPageInit.RunConcurrently(engine, model);
        else
            byZone = DeferredPageInit.Run(engine, model);
        clock.Stop();
        times.Add(clock.Elapsed.TotalMilliseconds);

        // Only the jobs are timed: turning their results into lines (LINQ over a tuple with a struct
        // in it, a range's string) compiled about a dozen methods inside the first run's timing.
        IReadOnlyList<(string Zone, string Range, JobResult Job)> results = byRange is not null
            ? [.. byRange.Select(r => (r.Zone, r.Range.ToString(), r.Job))]
            : byZone is not null ? [.. byZone.Select(r => (r.Zone, "whole zone", r.Job))] : [];

        Console.WriteLine($"  geometry: {model.Geometry}");
        Console.WriteLine($"  memory:   {model.Zones.Count} zone(s), {layout.PresentPages:N0} pages, memmap {model.Memmap.Bytes / (1 << 20):N0} MiB");
        foreach (var (zone, range, job) in results)
            Console.WriteLine($"  job:      {zone} {range}: {job.Workers} of {job.RequestedWorkers} worker(s) requested; {job.Chunks} chunks of {job.ChunkSize:N0} pages");
        if (perNode is not null)
            Console.WriteLine($"  job:      per-node ranges: {perNode.Workers} worker(s), helpers per node {string.Join("/", perNode.HelpersPerNode)}; {perNode.Chunks} chunks, "
                              + $"chunk sizes per range {string.Join("/", perNode.ChunkSizes.Select(c => c.ToString("N0")))} pages");
        double pagesPerSecond = layout.PresentPages / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  init:     {clock.Elapsed.TotalMilliseconds:F1} ms, {pagesPerSecond / 1e6:F0} M pages/s");

        clock.Restart();
        VerificationReport report = MemmapVerifier.Verify(model);
        clock.Stop();
        Console.WriteLine($"  verify:   {clock.Elapsed.TotalMilliseconds:F1} ms: {report}");
        return report.Holds;
    }
}
