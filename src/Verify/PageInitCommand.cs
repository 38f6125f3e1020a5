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
    public static Command Create()
    {
        var pages = new Option<ulong>("--pages") { Description = "Pages in the zone (4,194,304 = 16 GiB).", DefaultValueFactory = _ => 4_194_304 };
        var start = new Option<ulong>("--start-pfn")
        {
            Description = "First pfn of the zone (1,048,576 = 4 GiB).",
            DefaultValueFactory = _ => 1_048_576,
        };
        var cpus = new Option<int>("--cpus")
        {
            Description = "CPUs of the node: the job's max_threads (≥ 1).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var runs = new Option<int>("--runs")
        {
            Description = "Runs, each on a fresh memmap; every run is verified (≥ 1).",
            DefaultValueFactory = _ => 3,
        };

        var command = new Command("page-init",
            "Deferred page init of one zone natively at x86-64 geometry: time, workers, pages/s, then verify the memmap and buddy allocator.")
        {
            pages, start, cpus, runs,
        };
        command.SetAction(parse =>
        {
            MemoryLayout layout;
            try
            {
                layout = MemoryLayout.SingleZone(MemoryGeometry.X86_64, parse.GetValue(start), parse.GetValue(pages), parse.GetValue(cpus));
                if (parse.GetValue(runs) < 1)
                    throw new ArgumentOutOfRangeException("--runs", parse.GetValue(runs), "--runs must be at least 1.");
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"padata-verify page-init: {e.Message}");
                return 2;
            }
            using var engine = new PadataEngine(Environment.ProcessorCount);
            var times = new List<double>();
            for (int run = 1; run <= parse.GetValue(runs); run++)
            {
                Console.WriteLine($"run {run}:");
                if (!RunOnce(engine, layout, times))
                    return 1;
            }
            double best = times.Min();
            Console.WriteLine($"best of {times.Count}: {best:F1} ms, {layout.PresentPages / (best / 1000) / 1e6:F0} M pages/s "
                              + $"(median {Statistics.Median(times):F1} ms)");
            return 0;
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
