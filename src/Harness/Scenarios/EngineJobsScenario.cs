using Padata.Reference;

namespace Padata.Harness.Scenarios;

/// <summary>
/// Callers running jobs on one engine: caller 0 on the test thread, the others on threads of
/// their own, each running its jobs in order. Checks every job when its caller returns
/// (<see cref="JobOracle"/>), and the pool once every caller is done; the engine is disposed at
/// the end of every schedule, which joins its workqueue threads, so a helper left running or a
/// caller left waiting shows up as a deadlock instead of vanishing with the iteration.
/// </summary>
internal sealed class EngineJobsScenario(
    string name, int poolCapacity, IReadOnlyList<IReadOnlyList<JobSpec>> callers, bool exploreShutdown = false, bool busyMachine = false) : Scenario
{
    private readonly BusyMachine.Judge? judge = busyMachine && callers.Count == 1
        ? new BusyMachine.Judge()
        : busyMachine ? throw new ArgumentException("The busy-machine model knows one caller only.", nameof(busyMachine)) : null;

    public override string Name => name;

    public override BusyMachine.Judge? BusyMachineJudge => judge;

    public int PoolCapacity => poolCapacity;

    /// <summary>Each caller's jobs, in the order it runs them.</summary>
    public IReadOnlyList<IReadOnlyList<JobSpec>> Callers => callers;

    public override string Shape =>
        $"pool={poolCapacity} " + string.Join(" | ", callers.Select(jobs => string.Join("; ", jobs))) + (exploreShutdown ? " +shutdown" : "") +
        (busyMachine ? " busy-machine" : "");

    public override void Run()
    {
        var log = World.Current.NewLog();
        LastLog = log;
        judge?.Reset();
        if (judge is not null)
            Reductions.BusyMachine.MarkCaller();

        // No choice at the workqueue threads' starts: until the first job is submitted this
        // thread does nothing another thread can see (it builds objects and starts threads), so
        // letting a started thread run first or later is the same interleaving up to the next
        // visible step, where the scheduler does choose. The kworkers' startup itself is still
        // interleaved with everything after that point.
        World.Current.Suppress();
        var engine = World.Current.NewEngine(poolCapacity);
        World.Current.Resume();

        var others = new Thread[callers.Count - 1];
        for (int c = 1; c < callers.Count; c++)
        {
            int caller = c;
            others[c - 1] = new Thread(() => RunCaller(engine, caller, log));
            others[c - 1].Start();
        }
        RunCaller(engine, 0, log);
        foreach (Thread other in others)
            other.Join();

        // Every job oracle has run. What is left reads the pool and shuts the engine down; it must
        // still finish (a workqueue thread left waiting, or a helper still running, deadlocks the
        // join), but its interleavings are the same for every job shape, so they are explored in
        // the dispose scenarios (exploreShutdown) and elsewhere run without choices.
        // The machine is no longer busy: Dispose must let the workqueue threads run to join them.
        if (judge is not null)
        {
            judge.Busy = false;
            Reductions.BusyMachine.MarkCaller(false);
        }
        if (!exploreShutdown)
            World.Current.Suppress();
        World.Current.Assert(engine.PoolAvailable == poolCapacity,
            $"After every caller returned, {engine.PoolAvailable} of {poolCapacity} work items are in the pool.");
        engine.Dispose();
        CheckHelpers(engine.Snapshot());
        if (!exploreShutdown)
            World.Current.Resume();
    }

    /// <summary>
    /// After Dispose joined every workqueue thread (renice-or-cancel, docs/design.md §7.2): see
    /// <see cref="HelperAccounting"/>. With one caller the pool is whole before each job, so the
    /// helpers queued are the kernel rule's grant for each job (tests/Reference), not what the engine
    /// says it queued; with several, only the two sides' counts are compared.
    /// </summary>
    private void CheckHelpers(EngineState state)
    {
        int? queued = callers.Count != 1 ? null
            : callers[0].Sum(spec => KernelPlan.WithPool(spec.Start, spec.Size, spec.Align, spec.MinChunk, spec.MaxThreads, poolCapacity).GrantedHelpers);
        HelperAccounting.AfterDispose(state, queued);
    }

    private void RunCaller(PadataEngine engine, int caller, ExecutionLog log)
    {
        ExecutionLog.NameCurrentThread($"caller/{caller}");
        for (int index = 0; index < callers[caller].Count; index++)
        {
            JobSpec spec = callers[caller][index];
            var ledger = new JobLedger(spec, $"{caller}.{index}", log);
            JobFailedException? failure = LedgerCall.Run(engine, spec.ToJob(ledger.Run), ledger, log, out JobResult? result);
            if (judge?.Violation is { } violation)
                World.Current.Assert(false, $"Job {ledger.Id} ({spec}): {violation}.");
            JobOracle.AfterReturn(ledger, result, failure, poolCapacity);
        }
    }
}
