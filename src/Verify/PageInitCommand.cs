using System.CommandLine;
using System.Diagnostics;
using Padata.Harness.Contracts;
using Padata.Models;

namespace Padata.Verify;

/// <summary>
/// <c>page-init</c>: deferred struct page init of one zone at real x86-64 geometry on real threads
/// (the unrewritten engine and model), then the full invariant check, timed separately.
/// </summary>
internal static class PageInitCommand
{
    /// <summary>At most 2^30 pages (4 TiB of memory, a 64 GiB memmap): the memmap is one array of page structs.</summary>
    private const ulong MaxPages = 1UL << 30;

    /// <summary>x86-64 physical addresses have 52 bits: pfns are below 2^40.</summary>
    private const ulong PfnLimit = 1UL << 40;

    public static Command Create()
    {
        var pages = Values.WholeNumber<ulong>("--pages", "Pages in the zone (4,194,304 = 16 GiB; the memmap takes 64 bytes a page).", 1, MaxPages, 4_194_304);
        var start = Values.WholeNumber<ulong>("--start-pfn", "First pfn of the zone (1,048,576 = 4 GiB).", 0, PfnLimit - 1, 1_048_576);
        var cpus = Values.WholeNumber<int>("--cpus", "CPUs of the node: the job's max_threads.", 1, int.MaxValue, Environment.ProcessorCount);
        var runs = Values.WholeNumber<int>("--runs", "Runs, each on a fresh memmap; every run is verified.", 1, int.MaxValue, 3);

        var command = new Command("page-init",
            "Deferred page init of one zone natively at x86-64 geometry: time, workers, pages/s, then verify the memmap and buddy allocator.")
        {
            pages, start, cpus, runs,
        };
        command.Validators.Add(result =>
        {
            if (Values.TryGet(result, start, out ulong first) && Values.TryGet(result, pages, out ulong count) && count > PfnLimit - first)
                result.AddError($"--start-pfn plus --pages must stay below pfn {PfnLimit:N0} (x86-64's 52-bit physical addresses; got {first:N0} + {count:N0}).");
        });
        command.SetAction(parse =>
        {
            ulong count = parse.GetValue(pages);
            // Every rule of a single-zone layout is checked by the parser above; the model
            // validates again on construction, and would name its own parameters, not the flags.
            MemoryLayout layout = MemoryLayout.SingleZone(MemoryGeometry.X86_64, parse.GetValue(start), count, parse.GetValue(cpus));
            using var engine = new PadataEngine(Environment.ProcessorCount);
            var times = new List<double>();
            for (int run = 1; run <= parse.GetValue(runs); run++)
            {
                Console.WriteLine($"run {run}:");
                bool holds;
                try
                {
                    holds = RunOnce(engine, layout, times);
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

    private static bool RunOnce(PadataEngine engine, MemoryLayout layout, List<double> times)
    {
        var model = new MemoryModel(layout);

        // The kernel's memmap is mapped memory before deferred init runs; fault ours in first
        // so the timing is of page init, not of the operating system's page faults.
        model.Memmap.Pages(model.Memmap.Span).Clear();

        var clock = Stopwatch.StartNew();
        ZoneInitResult result = DeferredPageInit.Run(engine, model).Single();
        clock.Stop();
        times.Add(clock.Elapsed.TotalMilliseconds);

        Console.WriteLine($"  geometry: {model.Geometry}");
        Console.WriteLine($"  zone:     {model.Zones[0]}: {result.PresentPages:N0} pages, memmap {model.Memmap.Bytes / (1 << 20):N0} MiB");
        Console.WriteLine($"  job:      {DeferredPageInit.JobFor(model, model.Zones[0])}");
        Console.WriteLine($"  workers:  {result.Job.Workers} of {result.Job.RequestedWorkers} requested (pool of {engine.PoolCapacity}); "
                          + $"{result.Job.Chunks} chunks of {result.Job.ChunkSize:N0} pages");
        double pagesPerSecond = result.PresentPages / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  init:     {clock.Elapsed.TotalMilliseconds:F1} ms, {pagesPerSecond / 1e6:F0} M pages/s");

        clock.Restart();
        VerificationReport report = MemmapVerifier.Verify(model);
        clock.Stop();
        Console.WriteLine($"  verify:   {clock.Elapsed.TotalMilliseconds:F1} ms: {report}");
        return report.Holds;
    }
}
