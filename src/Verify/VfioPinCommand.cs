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
        var pages = Values.WholeNumber<ulong>("--pages", "Pages to pin and map (1,048,576 = 4 GiB of 4 KiB pages).", 1, int.MaxValue, 1_048_576);
        var cpus = Values.WholeNumber<int>("--cpus", "The job's max_threads.", 1, int.MaxValue, Environment.ProcessorCount);
        var limit = Values.OptionalWholeNumber<long>("--limit", "RLIMIT_MEMLOCK in pages (default: --pages, so the request just fits).", 0, long.MaxValue);
        var fault = Values.OptionalWholeNumber<ulong>("--fault-page", "A page of the request (0-based) that cannot be pinned (default: none).", 0, int.MaxValue);
        var minChunk = Values.WholeNumber<ulong>("--min-chunk", "Least pages worth a helper (ktask's KTASK_MEM_CHUNK, 128 MiB = 32,768 pages).",
            0, ulong.MaxValue, VfioPinMapDma.DefaultMinChunkPages);

        var command = new Command("vfio-pin", "Pin and map a DMA request natively (VFIO as ktask parallelized it), then verify: mapped in full, or rolled back without a trace.")
        {
            pages, cpus, limit, fault, minChunk,
        };
        command.Validators.Add(result =>
        {
            if (Values.TryGet(result, pages, out ulong count) && Values.TryGet(result, fault, out ulong? faultPage) && faultPage >= count)
                result.AddError($"--fault-page must be a page of the request, below --pages {count:N0} (got {faultPage:N0}).");
        });
        command.SetAction(parse =>
        {
            ulong count = parse.GetValue(pages);
            ulong? faultPage = parse.GetValue(fault);
            VfioModel model;
            DmaMapRequest request;
            MultithreadedJob job;
            try
            {
                long memlock = parse.GetValue(limit) ?? (long)count;
                model = new VfioModel(count, count, memlock, faultPage is { } p ? [p] : []);
                request = new DmaMapRequest(0, 0, count);
                job = VfioPinMapDma.JobFor(model, request, parse.GetValue(cpus), parse.GetValue(minChunk));
            }
            catch (ArgumentException e)
            {
                // Every rule the options state is checked by the parser first; this is the model
                // refusing a request for a reason the options do not know of.
                throw new UsageException($"the model refused the request: {e.Message}");
            }

            using var engine = new PadataEngine(Environment.ProcessorCount);
            Console.WriteLine($"model:    {model}");
            Console.WriteLine($"request:  {request}");
            Console.WriteLine($"job:      {job}");
            var clock = Stopwatch.StartNew();
            DmaMapOutcome outcome = VfioPinMapDma.Map(engine, model, request, parse.GetValue(cpus), parse.GetValue(minChunk));
            clock.Stop();
            Console.WriteLine($"outcome:  {outcome}");
            UndoableJobVerdict.PrintFailures(outcome.Failure);
            Console.WriteLine($"time:     {clock.Elapsed.TotalMilliseconds:F1} ms" +
                              (outcome.Succeeded ? $", {count / clock.Elapsed.TotalSeconds / 1e6:F1} M pages/s" : " (including the rollback)"));
            Console.WriteLine($"account:  {model.Account}");

            return UndoableJobVerdict.Judge(() => VfioVerifier.Verify(model, [outcome]),
                "the request", mustFail: faultPage is not null || (long)count > model.Account.Limit, outcome.Succeeded, "",
                faultPage is not null ? " (a page cannot be pinned)" : $" ({count} pages against a limit of {model.Account.Limit})");
        });
        return command;
    }
}
