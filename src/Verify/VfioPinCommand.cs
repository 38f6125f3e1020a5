using System.CommandLine;
using System.Diagnostics;
using Padata.Models;

namespace Padata.Verify;

/// <summary>
/// <c>vfio-pin</c>: one VFIO DMA map request (<see cref="VfioPinMapDma"/>) natively on the
/// unrewritten engine: pin and map a process's pages against its RLIMIT_MEMLOCK, optionally with a
/// page that cannot be pinned; print what happened, then verify every invariant of
/// <see cref="VfioVerifier"/> and that the request failed exactly when the limit or the fault says
/// it must. Exit 0 when everything holds (a request that fails and is rolled back cleanly is not a
/// violation), 1 on a violation, 2 on invalid input.
/// </summary>
internal static class VfioPinCommand
{
    public static Command Create()
    {
        var pages = new Option<ulong>("--pages") { Description = "Pages to pin and map (1,048,576 = 4 GiB of 4 KiB pages; ≥ 1).", DefaultValueFactory = _ => 1_048_576 };
        var cpus = new Option<int>("--cpus") { Description = "The job's max_threads (≥ 1).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var limit = new Option<long?>("--limit") { Description = "RLIMIT_MEMLOCK in pages (default: --pages, so the request just fits; ≥ 0)." };
        var fault = new Option<ulong?>("--fault-page") { Description = "A page of the request (0-based) that cannot be pinned (default: none)." };
        var minChunk = new Option<ulong>("--min-chunk") { Description = "Least pages worth a helper (ktask's KTASK_MEM_CHUNK, 128 MiB = 32,768 pages).", DefaultValueFactory = _ => VfioPinMapDma.DefaultMinChunkPages };

        var command = new Command("vfio-pin", "Pin and map a DMA request natively (VFIO as ktask parallelized it), then verify: mapped in full, or rolled back without a trace.")
        {
            pages, cpus, limit, fault, minChunk,
        };
        command.SetAction(parse =>
        {
            ulong count = parse.GetValue(pages);
            ulong? faultPage = parse.GetValue(fault);
            VfioModel model;
            DmaMapRequest request;
            MultithreadedJob job;
            try
            {
                if (count < 1 || count > int.MaxValue)
                    throw new ArgumentOutOfRangeException("--pages", count, $"--pages must be between 1 and {int.MaxValue}.");
                if (parse.GetValue(cpus) < 1)
                    throw new ArgumentOutOfRangeException("--cpus", parse.GetValue(cpus), "--cpus must be at least 1 (the caller is always a worker).");
                if (faultPage is { } f && f >= count)
                    throw new ArgumentOutOfRangeException("--fault-page", f, $"--fault-page must be a page of the request, below --pages ({count}).");
                long memlock = parse.GetValue(limit) ?? (long)count;
                if (memlock < 0)
                    throw new ArgumentOutOfRangeException("--limit", memlock, "--limit must be 0 or more pages.");
                model = new VfioModel(count, count, memlock, faultPage is { } p ? [p] : []);
                request = new DmaMapRequest(0, 0, count);
                job = VfioPinMapDma.JobFor(model, request, parse.GetValue(cpus), parse.GetValue(minChunk));
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"padata-verify vfio-pin: {e.Message}");
                return 2;
            }

            using var engine = new PadataEngine(Environment.ProcessorCount);
            Console.WriteLine($"model:    {model}");
            Console.WriteLine($"request:  {request}");
            Console.WriteLine($"job:      {job}");
            var clock = Stopwatch.StartNew();
            DmaMapOutcome outcome = VfioPinMapDma.Map(engine, model, request, parse.GetValue(cpus), parse.GetValue(minChunk));
            clock.Stop();
            Console.WriteLine($"outcome:  {outcome}");
            if (outcome.Failure is { } failure)
                foreach (ChunkFailure f in failure.Failures)
                    Console.WriteLine($"  {(f.IsUndoFailure ? "undo of" : "chunk")} {f.Chunk}: {f.Error.Message}");
            Console.WriteLine($"time:     {clock.Elapsed.TotalMilliseconds:F1} ms" +
                              (outcome.Succeeded ? $", {count / clock.Elapsed.TotalSeconds / 1e6:F1} M pages/s" : " (including the rollback)"));
            Console.WriteLine($"account:  {model.Account}");

            clock.Restart();
            VerificationReport report = VfioVerifier.Verify(model, [outcome]);
            clock.Stop();
            bool mustFail = faultPage is not null || (long)count > model.Account.Limit;
            bool expected = outcome.Succeeded != mustFail;
            Console.WriteLine($"verify:   {clock.Elapsed.TotalMilliseconds:F1} ms: {report}");
            Console.WriteLine(expected
                ? $"expected: the request {(mustFail ? "had to fail" : "had to succeed")}, and it {(outcome.Succeeded ? "succeeded" : "failed")}"
                : $"VIOLATION: the request {(mustFail ? "had to fail" : "had to succeed")} ({(faultPage is not null ? "a page cannot be pinned" : $"{count} pages against a limit of {model.Account.Limit}")}), but it {(outcome.Succeeded ? "succeeded" : "failed")}");
            return report.Holds && expected ? 0 : 1;
        });
        return command;
    }
}
