
namespace Padata.Harness.Oracles;

/// <summary>
/// The undo contract of <see cref="MultithreadedJob.UndoFunction"/>, checked when a caller returns
/// from <see cref="PadataEngine.DoMultithreaded"/> (the undo function itself checks the moment
/// each undo begins; see <see cref="UndoLedger"/>). Expected values come from the ledger and the
/// scenario, never from the engine's own account.
/// </summary>
internal static class UndoOracle
{
    public static void AfterReturn(UndoLedger ledger, JobResult? result, JobFailedException? failure)
    {
        // One step: natively, reads the ledger as a whole even if a chunk or undo function were still running.
        World.Current.BeginStep();
        try
        {
            Check(ledger, result, failure);
        }
        finally
        {
            World.Current.EndStep();
        }
    }

    private static void Check(UndoLedger ledger, JobResult? result, JobFailedException? failure)
    {
        string job = $"Job {ledger.Id} ({ledger.Spec})";
        World.Current.Assert(ledger.Running == 0, $"{job}: the caller returned while {ledger.Running} chunk function(s) were still running.");

        // What ran is a prefix of the hand-out: contiguous from the job's start.
        var called = ledger.Calls.OrderBy(c => c.Start).ToList();
        for (int i = 0; i < called.Count; i++)
        {
            ulong expectedStart = i == 0 ? ledger.Spec.Job.Start : called[i - 1].End;
            World.Current.Assert(called[i].Start == expectedStart && called[i].End > called[i].Start && called[i].End <= ledger.Spec.Job.End,
                $"{job}: the chunks called [{string.Join(" ", called)}] are not a contiguous prefix of the job from its start.");
        }

        if (ledger.Threw.Count == 0)
        {
            World.Current.Assert(failure is null, $"{job}: failed although no chunk threw: {failure?.Message}");
            World.Current.Assert(ledger.Undone.Count == 0, $"{job}: succeeded, yet undo was called on [{string.Join(" ", ledger.Undone)}].");
            string wrong = ledger.UnitsNot(_ => 1);
            World.Current.Assert(wrong.Length == 0, $"{job}: units not processed exactly once (unit×count): {wrong}");
            World.Current.Assert(result?.Chunks == ledger.Calls.Count, $"{job}: the engine reports {result?.Chunks} chunks, the thread function was called {ledger.Calls.Count} times.");
            return;
        }

        World.Current.Assert(failure is not null, $"{job}: {ledger.Threw.Count} chunk(s) threw but the caller returned normally.");
        var threadFailures = failure!.Failures.Where(f => !f.IsUndoFailure).ToList();
        var undoFailures = failure.Failures.Where(f => f.IsUndoFailure).ToList();
        World.Current.Assert(threadFailures.Count == ledger.Threw.Count && threadFailures.All(f => f.Error is ChunkFault fault && fault.Chunk == f.Chunk && ledger.Threw.Contains(f.Chunk)),
            $"{job}: chunks [{string.Join(" ", ledger.Threw)}] threw, the failure reports [{string.Join(" ", threadFailures.Select(f => f.Chunk))}].");

        // Every chunk that returned normally undone exactly once, and no other.
        foreach (Chunk chunk in ledger.Returned)
        {
            int times = ledger.Undone.Count(c => c == chunk);
            World.Current.Assert(times == 1, $"{job}: chunk {chunk} returned normally but was undone {times} time(s) when the caller threw.");
        }
        World.Current.Assert(ledger.Undone.Count == ledger.Returned.Count,
            $"{job}: {ledger.Undone.Count} undo call(s) [{string.Join(" ", ledger.Undone)}] for {ledger.Returned.Count} chunk(s) that returned normally.");

        // The undos that threw are reported, marked, in the same exception; the others still ran.
        var undoThrew = ledger.Returned.Where(c => ledger.Spec.ThrowingUndoStarts.Contains(c.Start)).OrderBy(c => c.Start).ToList();
        World.Current.Assert(undoFailures.Select(f => f.Chunk).OrderBy(c => c.Start).SequenceEqual(undoThrew) && undoFailures.All(f => f.Error is UndoFault),
            $"{job}: the undos of [{string.Join(" ", undoThrew)}] threw, the failure reports undo failures [{string.Join(" ", undoFailures.Select(f => f.Chunk))}].");
        World.Current.Assert(failure.Failures.Count > 0 && !failure.Failures[0].IsUndoFailure, $"{job}: the first failure reported is an undo failure, not the chunk that stopped the job.");

        // No trace left, except the units of chunks whose undo threw.
        string trace = ledger.UnitsNot(unit => undoThrew.Any(c => unit >= c.Start && unit < c.End) ? 1 : 0);
        World.Current.Assert(trace.Length == 0, $"{job}: the failed job left a trace (unit×net count): {trace}");
    }
}
