using System.CommandLine;
using System.Diagnostics;
using Padata.Models;

namespace Padata.Verify;

/// <summary>
/// <c>clear-gigantic</c>: clear a gigantic page (<see cref="ClearGiganticPage"/>, 1 GiB of 4 KiB
/// subpages by default) natively on the unrewritten engine, then verify every byte is zero and the
/// guard regions around the page are untouched (<see cref="GiganticPageVerifier"/>). Each run
/// starts from stale data. Exit 0 when every run holds, 1 on a violation, 2 on invalid input.
/// </summary>
internal static class ClearGiganticCommand
{
    public static Command Create()
    {
        var subpages = Values.WholeNumber<int>("--subpages", "Subpages of 4 KiB in the page; a power of two (262,144 = 1 GiB).", 1, 262_144, 262_144);
        var cpus = Values.WholeNumber<int>("--cpus", "The job's max_threads.", 1, int.MaxValue, Environment.ProcessorCount);
        var runs = Values.WholeNumber<int>("--runs", "Runs, each from stale data; every run is verified.", 1, int.MaxValue, 3);
        var minChunk = Values.WholeNumber<ulong>("--min-chunk", "Least subpages worth a helper (ktask's KTASK_MEM_CHUNK, 128 MiB = 32,768 subpages).",
            0, ulong.MaxValue, ClearGiganticPage.DefaultMinChunkSubpages);
        subpages.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, out int n) && n > 0 && (n & (n - 1)) != 0)
                result.AddError($"--subpages must be a power of two (a gigantic page is a naturally aligned block; got '{n}').");
        });

        var command = new Command("clear-gigantic", "Clear a gigantic page natively on the engine, then verify: every byte zero, the guard regions around it untouched.")
        {
            subpages, cpus, runs, minChunk,
        };
        command.SetAction(parse =>
        {
            var page = new GiganticPage(new GiganticPageGeometry(4096, parse.GetValue(subpages)));
            int maxThreads = parse.GetValue(cpus);
            ulong min = parse.GetValue(minChunk);
            using var engine = new PadataEngine(Environment.ProcessorCount);
            Console.WriteLine($"page:     {page}");
            Console.WriteLine($"job:      {ClearGiganticPage.JobFor(page, maxThreads, min)}");
            bool holds = true;
            for (int run = 1; run <= parse.GetValue(runs); run++)
            {
                page.Dirty();
                var clock = Stopwatch.StartNew();
                JobResult result = ClearGiganticPage.Clear(engine, page, maxThreads, min);
                clock.Stop();
                double seconds = clock.Elapsed.TotalSeconds;
                clock.Restart();
                VerificationReport report = GiganticPageVerifier.Verify(page);
                clock.Stop();
                Console.WriteLine($"run {run}:    {result.Workers} worker(s), {result.Chunks} chunk(s) of {result.ChunkSize:N0} subpages, " +
                                  $"{seconds * 1e3:F1} ms, {page.Geometry.Bytes / seconds / 1e9:F2} GB/s; verify {clock.Elapsed.TotalMilliseconds:F1} ms: " +
                                  (report.Holds ? "every byte zero, guards untouched" : $"VIOLATION: {report}"));
                holds &= report.Holds;
            }
            return holds ? ExitCode.Passed : ExitCode.Violated;
        });
        return command;
    }
}
