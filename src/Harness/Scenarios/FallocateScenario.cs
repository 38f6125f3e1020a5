using Padata.Models;

namespace Padata.Harness.Scenarios;

/// <summary>
/// hugetlbfs fallocate calls on one file, each on a caller of its own, on one engine, with the
/// production thread and undo functions of <see cref="HugetlbfsFallocate"/> watched from outside.
/// No chunk may start after its caller returned. A lone call, when its caller returns, must have
/// filled every index of its range, or have failed with ENOSPC and left the range exactly as it
/// was, and it must have failed exactly when the range's empty indices outnumber the pool's
/// unreserved free pages. With several calls, all must succeed when the empty indices of all
/// ranges together fit the pool. Once every caller is done the whole model must satisfy
/// <see cref="HugetlbfsVerifier"/> (accounting conserved, no page in two slots, pages cleared,
/// pages there before kept, what each index may hold given the calls' outcomes).
/// </summary>
internal sealed class FallocateScenario(string name, int poolCapacity, int hugePages, int reserved, int fileIndices,
                                        IReadOnlyList<ulong> prepopulated, IReadOnlyList<FallocateRequest> requests, int maxThreads, ulong minChunk) : Scenario
{
    /// <summary>Bytes per huge page in the controlled runs: the clear is real, but small.</summary>
    private const int PageSize = 8;

    public override string Name => name;

    public override string Shape =>
        $"pool={poolCapacity} huge_pages={hugePages} reserved={reserved} file={fileIndices} present@{(prepopulated.Count == 0 ? "none" : string.Join(",", prepopulated))}" +
        $" max_threads={maxThreads} min_chunk={minChunk} | " + string.Join(" | ", requests.Select(r => $"[{r.Index}, {r.End})"));

    public override void Run()
    {
        var log = World.Current.NewLog();
        LastLog = log;

        World.Current.Suppress();
        var engine = World.Current.NewEngine(poolCapacity);
        var model = new HugetlbfsModel(hugePages, PageSize, reserved, faultMutexes: 4);
        HugetlbFile file = model.CreateFile(fileIndices);
        model.Prepopulate(file, prepopulated);
        int?[] before = file.Snapshot();
        int available = model.Pool.FreeCount - reserved;
        var outcomes = new FallocateOutcome[requests.Count];
        World.Current.Resume();

        CallerThreads.Run(requests.Count, caller => outcomes[caller] = RunCall(engine, model, caller, before, available, log));

        World.Current.Suppress();
        VerificationReport report = HugetlbfsVerifier.Verify(model, [before], outcomes);
        World.Current.Assert(report.Holds, $"After every fallocate: {report}\n  " + string.Join("\n  ", outcomes.Select(o => o.ToString())));
        int needed = Enumerable.Range(0, fileIndices).Count(i => before[i] is null && requests.Any(r => r.Covers((ulong)i)));
        if (needed <= available)
            World.Current.Assert(outcomes.All(o => o.Succeeded),
                $"The {needed} empty indices of all ranges fit the pool's {available} free unreserved pages, yet: {string.Join("; ", outcomes.Where(o => !o.Succeeded))}");
        World.Current.Assert(engine.PoolAvailable == poolCapacity, $"After every call, {engine.PoolAvailable} of {poolCapacity} work items are in the pool.");
        engine.Dispose();
        World.Current.Resume();
    }

    private FallocateOutcome RunCall(PadataEngine engine, HugetlbfsModel model, int caller, int?[] before, int available, ExecutionLog log)
    {
        ExecutionLog.NameCurrentThread($"caller/{caller}");
        FallocateRequest request = requests[caller];
        string id = $"fallocate{caller}";
        MultithreadedJob job = HugetlbfsFallocate.JobFor(model, request, maxThreads, minChunk);
        JobFailedException? failure = new WatchedCall(job, id, $"Call {caller}", log).Run(engine, out JobResult? result);
        var outcome = new FallocateOutcome(request, result, failure);

        // An observation at the moment the caller returned: one step.
        World.Current.Suppress();
        if (!outcome.Succeeded)
            World.Current.Assert(outcome.Failure!.Failures.All(f => f.Error is HugetlbNoSpaceException && !f.IsUndoFailure),
                $"Call {caller} ({request}) failed with an unexpected error: {outcome.Failure.Message}");
        if (requests.Count == 1)
            CheckLoneCall(model.Files[request.File], caller, request, before, available, outcome);
        World.Current.Resume();
        return outcome;
    }

    /// <summary>A lone call's range when its caller returns, by the rules restated here.</summary>
    private static void CheckLoneCall(HugetlbFile file, int caller, FallocateRequest r, int?[] before, int available, FallocateOutcome outcome)
    {
        int empty = 0;
        for (ulong i = r.Index; i < r.End; i++)
            if (before[i] is null)
                empty++;
        World.Current.Assert(outcome.Succeeded == (empty <= available),
            $"Call {caller} ({r}) {(outcome.Succeeded ? "succeeded" : "failed")}, but its {empty} empty indices against {available} free unreserved pages say it must {(empty <= available ? "succeed" : "fail")}.");
        for (ulong i = r.Index; i < r.End; i++)
        {
            int? now = file.PageAt(i)?.Id;
            if (outcome.Succeeded)
                World.Current.Assert(now is not null && (before[i] is null || before[i] == now),
                    $"Call {caller} ({r}) succeeded, but when its caller returned index {i} holds {(now is null ? "nothing" : $"#{now}")} (before: {(before[i] is null ? "empty" : $"#{before[i]}")}).");
            else
                World.Current.Assert(now == before[i],
                    $"Call {caller} ({r}) failed with ENOSPC, but when its caller returned index {i} holds {(now is null ? "nothing" : $"#{now}")}, and before the call it held {(before[i] is null ? "nothing" : $"#{before[i]}")}: the rollback did not restore it.");
        }
    }
}
