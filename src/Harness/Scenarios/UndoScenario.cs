
namespace Padata.Harness.Scenarios;

/// <summary>
/// Callers running jobs with undo on one engine, as <see cref="EngineJobsScenario"/> runs plain
/// jobs: caller 0 on the test thread, the others on threads of their own. Every job is checked by
/// its <see cref="UndoLedger"/> while it runs and by <see cref="UndoOracle"/> when its caller
/// returns; the pool once every caller is done; the engine is disposed at the end.
/// </summary>
internal sealed class UndoScenario(string name, int poolCapacity, IReadOnlyList<IReadOnlyList<UndoSpec>> callers) : Scenario
{
    public override string Name => name;

    public override string Shape =>
        $"pool={poolCapacity} " + string.Join(" | ", callers.Select(jobs => string.Join("; ", jobs)));

    public override void Run()
    {
        PadataEngine engine = BeginEngineRun(poolCapacity, out ExecutionLog log);

        CallerThreads.Run(callers.Count, caller => RunCaller(engine, caller, log));

        World.Current.Suppress();
        World.Current.Assert(engine.PoolAvailable == poolCapacity,
            $"After every caller returned, {engine.PoolAvailable} of {poolCapacity} work items are in the pool.");
        engine.Dispose();
        World.Current.Resume();
    }

    private void RunCaller(PadataEngine engine, int caller, ExecutionLog log)
    {
        ExecutionLog.NameCurrentThread($"caller/{caller}");
        for (int index = 0; index < callers[caller].Count; index++)
        {
            UndoSpec spec = callers[caller][index];
            var ledger = new UndoLedger(spec, $"{caller}.{index}", log);
            JobSpec s = spec.Job;
            JobFailedException? failure = LedgerCall.Run(engine, new MultithreadedJob(s.Start, s.Size, s.Align, s.MinChunk, s.MaxThreads, ledger.Run, ledger.Undo), ledger, log, out JobResult? result);
            UndoOracle.AfterReturn(ledger, result, failure);
        }
    }
}
