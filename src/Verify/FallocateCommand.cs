using System.CommandLine;
using System.Diagnostics;
using Padata.Models;

namespace Padata.Verify;

/// <summary>
/// <c>fallocate</c>: one hugetlbfs fallocate (<see cref="HugetlbfsFallocate"/>) over a whole file of
/// 2 MiB huge pages natively on the unrewritten engine, from a pool of <c>--pool</c> pages,
/// optionally with every <c>--present-every</c>-th index already present; print what happened,
/// then verify the invariants of <see cref="HugetlbfsVerifier"/> and that the call failed (ENOSPC)
/// exactly when the file's empty indices outnumber the pool's free pages. Exit 0 when everything
/// holds (a call that fails and is rolled back cleanly is not a violation), 1 on a violation, 2 on
/// invalid input.
/// </summary>
internal static class FallocateCommand
{
    public static Command Create()
    {
        var pages = Values.WholeNumber<int>("--file-pages", "The file's size in 2 MiB huge pages, all fallocated (512 = 1 GiB).", 1, 4096, 512);
        var pool = Values.OptionalWholeNumber<int>("--pool", "Huge pages in the pool (default: --file-pages, so the file just fits).", 0, 4096);
        var presentEvery = Values.OptionalWholeNumber<int>("--present-every", "Every n-th index of the file has a page before the call (default: none).", 1, 4096);
        var cpus = Values.WholeNumber<int>("--cpus", "The job's max_threads.", 1, int.MaxValue, Environment.ProcessorCount);
        var minChunk = Values.WholeNumber<ulong>("--min-chunk", "Least huge pages worth a helper (ktask's KTASK_PMD_MINCHUNK, 128 MiB = 64 pages).",
            0, ulong.MaxValue, HugetlbfsFallocate.DefaultMinChunkPages);

        var command = new Command("fallocate", "fallocate a hugetlbfs file natively on the engine, then verify: every index filled, or failed with ENOSPC and rolled back.")
        {
            pages, pool, presentEvery, cpus, minChunk,
        };
        command.Validators.Add(result =>
        {
            if (Values.TryGet(result, pages, out int filePages) && Values.TryGet(result, pool, out int? poolPages) &&
                Values.TryGet(result, presentEvery, out int? every) && every is { } n && poolPages is { } p && p < (filePages + n - 1) / n)
                result.AddError($"--pool must hold at least the {(filePages + n - 1) / n:N0} page(s) present before the call (--present-every {n}; got {p:N0}).");
        });
        command.SetAction(parse =>
        {
            int filePages = parse.GetValue(pages);
            int poolPages = parse.GetValue(pool) ?? filePages;
            int? every = parse.GetValue(presentEvery);
            var model = new HugetlbfsModel(poolPages, HugetlbfsModel.HugePageSize2MiB);
            HugetlbFile file = model.CreateFile(filePages);
            if (every is { } n)
                model.Prepopulate(file, Enumerable.Range(0, filePages).Where(i => i % n == 0).Select(i => (ulong)i));
            int?[] before = file.Snapshot();
            int empty = before.Count(p => p is null);
            int free = model.Pool.FreeCount;
            var request = new FallocateRequest(0, 0, (ulong)filePages);
            int maxThreads = parse.GetValue(cpus);
            ulong min = parse.GetValue(minChunk);

            using var engine = new PadataEngine(Environment.ProcessorCount);
            Console.WriteLine($"model:    {model}");
            Console.WriteLine($"request:  {request} ({empty} empty, {free} free pages)");
            Console.WriteLine($"job:      {HugetlbfsFallocate.JobFor(model, request, maxThreads, min)}");
            var clock = Stopwatch.StartNew();
            FallocateOutcome outcome = HugetlbfsFallocate.Fallocate(engine, model, request, maxThreads, min);
            clock.Stop();
            Console.WriteLine($"outcome:  {outcome}");
            UndoableJobVerdict.PrintFailures(outcome.Failure);
            Console.WriteLine($"time:     {clock.Elapsed.TotalMilliseconds:F1} ms" +
                              (outcome.Succeeded ? $", {empty * 2.0 / 1024 / clock.Elapsed.TotalSeconds:F2} GiB/s allocated and cleared" : " (including the rollback)"));
            Console.WriteLine($"pool:     {model.Pool}");

            string counts = $" ({empty} empty indices, {free} free pages)";
            return UndoableJobVerdict.Judge(() => HugetlbfsVerifier.Verify(model, [before], [outcome]),
                "the call", mustFail: empty > free, outcome.Succeeded, counts, counts);
        });
        return command;
    }
}
