namespace Padata.Harness.Scenarios;

/// <summary>
/// The caller's side of one job whose chunks a ledger watches (<see cref="EngineJobsScenario"/>,
/// <see cref="UndoScenario"/>, <see cref="PageInitScenario"/>): its entry logged, a delay point, the
/// call, the ledger told the caller returned (before anything else, so that a chunk starting after
/// the return is caught), the return or throw logged, a delay point. Judging the job is the caller's.
/// </summary>
internal static class LedgerCall
{
    /// <summary>
    /// Runs <paramref name="job"/> on <paramref name="engine"/> as its caller: null with its
    /// <paramref name="result"/>, or its failure. An out parameter, not a tuple: under memory-access
    /// interleaving a tuple's fields read back would be scheduling points (see <see cref="World"/>).
    /// </summary>
    public static JobFailedException? Run(PadataEngine engine, MultithreadedJob job, ICallerLedger ledger, ExecutionLog log, out JobResult? result)
    {
        log.Add(ledger.Id, EventKind.CallerEntered);
        World.Current.Delay();
        result = null;
        JobFailedException? failure = null;
        try
        {
            result = engine.DoMultithreaded(job);
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
}
