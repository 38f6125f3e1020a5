using Padata.Models;

namespace Padata.Harness.Scenarios;

/// <summary>
/// VFIO DMA map requests of one process on one engine, each on a caller of its own, with the
/// production thread and undo functions of <see cref="VfioPinMapDma"/> watched from outside.
/// After every chunk (so after every charge) <c>locked_vm</c> must be within the limit; when a
/// caller returns, its request must be mapped in full or have left no pin and no mapping, and it
/// must have failed exactly when its pages exceed the limit on their own or one of them faults
/// (and it may fail, with a concurrent request, only through the limit); once every caller is
/// done the whole model must satisfy <see cref="VfioVerifier"/>. Requests must not overlap in
/// vaddr or IOVA, so each request's pages can be judged alone.
/// </summary>
internal sealed class VfioScenario : Scenario
{
    private readonly string name;
    private readonly int poolCapacity;
    private readonly ulong memoryPages;
    private readonly long limit;
    private readonly IReadOnlyList<ulong> faultPages;
    private readonly IReadOnlyList<DmaMapRequest> requests;
    private readonly int maxThreads;
    private readonly ulong minChunk;

    public VfioScenario(string name, int poolCapacity, ulong memoryPages, long limit, IReadOnlyList<ulong> faultPages,
                        IReadOnlyList<DmaMapRequest> requests, int maxThreads, ulong minChunk)
    {
        for (int i = 0; i < requests.Count; i++)
            for (int j = 0; j < i; j++)
                if (Overlap(requests[i].VaddrPage, requests[j].VaddrPage, requests[i].Pages, requests[j].Pages) ||
                    Overlap(requests[i].IovaPage, requests[j].IovaPage, requests[i].Pages, requests[j].Pages))
                    throw new ArgumentException($"Requests {j} and {i} overlap; a VFIO scenario's requests must be disjoint.", nameof(requests));
        this.name = name;
        this.poolCapacity = poolCapacity;
        this.memoryPages = memoryPages;
        this.limit = limit;
        this.faultPages = faultPages;
        this.requests = requests;
        this.maxThreads = maxThreads;
        this.minChunk = minChunk;
    }

    private static bool Overlap(ulong a, ulong b, ulong sizeA, ulong sizeB) => a < b + sizeB && b < a + sizeA;

    public override string Name => name;

    public override string Shape =>
        $"pool={poolCapacity} memory={memoryPages} RLIMIT_MEMLOCK={limit}" + (faultPages.Count == 0 ? "" : $" fault@{string.Join(",", faultPages)}") +
        $" max_threads={maxThreads} min_chunk={minChunk} | " + string.Join(" | ", requests.Select(r => $"vaddr {r.VaddrPage} iova {r.IovaPage} pages {r.Pages}"));

    public override void Run()
    {
        var log = World.Current.NewLog();
        LastLog = log;

        World.Current.Suppress();
        var engine = World.Current.NewEngine(poolCapacity);
        ulong iovaPages = requests.Max(r => r.IovaPage + r.Pages);
        var model = new VfioModel(memoryPages, iovaPages, limit, faultPages);
        var outcomes = new DmaMapOutcome[requests.Count];
        World.Current.Resume();

        CallerThreads.Run(requests.Count, caller => outcomes[caller] = RunRequest(engine, model, caller, log));

        World.Current.Suppress();
        VerificationReport report = VfioVerifier.Verify(model, outcomes);
        World.Current.Assert(report.Holds, $"After every request: {report}\n  " + string.Join("\n  ", outcomes.Select(o => o.ToString())));
        if (faultPages.Count == 0 && requests.Sum(r => (long)r.Pages) <= limit)
            World.Current.Assert(outcomes.All(o => o.Succeeded), $"Every request fits the limit together, yet: {string.Join("; ", outcomes.Where(o => !o.Succeeded))}");
        World.Current.Assert(engine.PoolAvailable == poolCapacity,
            $"After every request, {engine.PoolAvailable} of {poolCapacity} work items are in the pool.");
        engine.Dispose();
        World.Current.Resume();
    }

    private DmaMapOutcome RunRequest(PadataEngine engine, VfioModel model, int caller, ExecutionLog log)
    {
        ExecutionLog.NameCurrentThread($"caller/{caller}");
        DmaMapRequest request = requests[caller];
        string id = $"request{caller}";
        MultithreadedJob job = VfioPinMapDma.JobFor(model, request, maxThreads, minChunk);
        JobFailedException? failure = new LimitWatchedCall(job, id, $"Request {caller}", log, model, limit).Run(engine, out JobResult? result);
        var outcome = new DmaMapOutcome(request, result, failure);
        // An observation of the request's pages at the moment its caller returned: one step.
        World.Current.Suppress();
        CheckRequest(model, caller, outcome);
        World.Current.Resume();
        return outcome;
    }

    /// <summary>The request's own pages when its caller returns, by the rules restated here.</summary>
    private void CheckRequest(VfioModel model, int caller, DmaMapOutcome outcome)
    {
        DmaMapRequest r = outcome.Request;
        bool faults = faultPages.Any(p => p >= r.VaddrPage && p < r.VaddrEnd);
        World.Current.Assert(!(faults || (long)r.Pages > limit) || !outcome.Succeeded,
            $"Request {caller} ({r}) succeeded although " + (faults ? "one of its pages cannot be pinned." : $"its {r.Pages} pages exceed RLIMIT_MEMLOCK {limit} alone."));
        if (!outcome.Succeeded)
        {
            bool limitOnly = outcome.Failure!.Failures.All(f => f.Error is MemlockLimitExceededException || f.Error is VfioPinFaultException && faults);
            World.Current.Assert(limitOnly, $"Request {caller} ({r}) failed with an unexpected error: {outcome.Failure.Message}");
        }
        for (ulong v = r.VaddrPage; v < r.VaddrEnd; v++)
        {
            ulong pfn = model.PfnOf(v), iova = r.IovaOf(v);
            int pins = model.Frames.PinCount(pfn), mappings = model.Iommu.Mappings(iova);
            ulong? mapped = model.Iommu.PfnAt(iova);
            if (outcome.Succeeded)
                World.Current.Assert(pins == 1 && mappings == 1 && mapped == pfn,
                    $"Request {caller} ({r}) succeeded, but when its caller returned vaddr page {v} is pinned {pins} time(s) and IOVA page {iova} mapped {mappings} time(s) to pfn {mapped?.ToString() ?? "none"} (expected once, to pfn {pfn}).");
            else
                World.Current.Assert(pins == 0 && mappings == 0,
                    $"Request {caller} ({r}) failed ({outcome.Failure!.Failures[0].Error.Message}), but when its caller returned vaddr page {v} is still pinned {pins} time(s) and IOVA page {iova} mapped {mappings} time(s): it left a trace.");
        }
    }

    /// <summary>A request's call that also checks <c>locked_vm</c> against the limit after every chunk.</summary>
    private sealed class LimitWatchedCall(MultithreadedJob job, string id, string who, ExecutionLog log, VfioModel model, long limit)
        : WatchedCall(job, id, who, log)
    {
        protected override void AfterChunk(Chunk chunk)
        {
            // The chunk charged locked_vm at its start (or failed to); whatever else ran since,
            // the limit holds at every moment, so it holds now. An observation, not a step of
            // the model: no scheduling choice inside it.
            World.Current.Suppress();
            long lockedVm = model.Account.LockedVm;
            World.Current.Resume();
            World.Current.Assert(lockedVm <= limit,
                $"{Who}: after chunk {chunk} on {Log.WorkerName()}, locked_vm is {lockedVm}, over RLIMIT_MEMLOCK {limit}.");
        }
    }
}
