namespace Padata.Harness.Scenarios;

/// <summary>
/// The caller's side of one job whose chunks a ledger watches (<see cref="EngineJobsScenario"/>,
/// <see cref="UndoScenario"/>, <see cref="PageInitScenario"/>, <see cref="LimitsScenario"/>,
/// <see cref="NestedJobScenario"/>, and per-node jobs in <see cref="PerNodeScenario"/>): its entry
/// logged, a delay point, the call, the ledger told the caller returned (before anything else, so
/// that a chunk starting after the return is caught), the return or throw logged, a delay point.
/// Judging the job is the caller's.
/// <para>
/// The delay points are native runs' only (<see cref="World.Delay"/>): under control a delay is no
/// scheduling point, so a scenario calling through here explores what it explored with the same
/// steps written inline. Under memory-access interleaving every field access and branch of the
/// harness is a scheduling point: the engine call is reached through a static interface member
/// (<see cref="IEngineCall{TJob, TResult}"/>), not a delegate, so that either kind of job takes
/// exactly the field accesses and branches written here and no others. (A scenario whose inline
/// steps read its closure's fields, as the limits and per-node callers did, has fewer such points
/// here: its <c>races/</c> entries sample other schedules than before.)
/// </para>
/// </summary>
internal static class LedgerCall
{
    /// <summary>
    /// Runs <paramref name="job"/> on <paramref name="engine"/> as its caller: null with its
    /// <paramref name="result"/>, or its failure. An out parameter, not a tuple: under memory-access
    /// interleaving a tuple's fields read back would be scheduling points (see <see cref="World"/>).
    /// </summary>
    public static JobFailedException? Run(PadataEngine engine, MultithreadedJob job, ICallerLedger ledger, ExecutionLog log, out JobResult? result) =>
        Run<Multithreaded, MultithreadedJob, JobResult?>(engine, job, ledger, log, out result);

    /// <summary>The same for a per-node job (<see cref="PadataEngine.DoMultithreadedPerNode"/>).</summary>
    public static JobFailedException? Run(PadataEngine engine, PerNodeJob job, ICallerLedger ledger, ExecutionLog log, out PerNodeJobResult? result) =>
        Run<PerNode, PerNodeJob, PerNodeJobResult?>(engine, job, ledger, log, out result);

    private static JobFailedException? Run<TCall, TJob, TResult>(PadataEngine engine, TJob job, ICallerLedger ledger, ExecutionLog log, out TResult? result)
        where TCall : IEngineCall<TJob, TResult>
    {
        log.Add(ledger.Id, EventKind.CallerEntered);
        World.Current.Delay();
        result = default;
        JobFailedException? failure = null;
        try
        {
            result = TCall.Call(engine, job);
        }
        catch (JobFailedException e)
        {
            failure = e;
        }
        ledger.CallerReturned = true;
        log.Add(ledger.Id, failure is null ? EventKind.CallerReturned : EventKind.CallerThrew);
        World.Current.Delay();
        return failure;
    }

    /// <summary>One of the engine's entry points for a kind of job.</summary>
    private interface IEngineCall<TJob, TResult>
    {
        static abstract TResult Call(PadataEngine engine, TJob job);
    }

    private readonly struct Multithreaded : IEngineCall<MultithreadedJob, JobResult?>
    {
        public static JobResult? Call(PadataEngine engine, MultithreadedJob job) => engine.DoMultithreaded(job);
    }

    private readonly struct PerNode : IEngineCall<PerNodeJob, PerNodeJobResult?>
    {
        public static PerNodeJobResult? Call(PadataEngine engine, PerNodeJob job) => engine.DoMultithreadedPerNode(job);
    }
}
