using Padata.Reference;

namespace Padata.Harness.Oracles;

/// <summary>
/// What must hold when a caller returns from <see cref="PadataEngine.DoMultithreaded"/>, in any
/// schedule. Each check names the job and what went wrong, so a failing schedule explains itself.
/// </summary>
internal static class JobOracle
{
    public static void AfterReturn(JobLedger ledger, JobResult? result, JobFailedException? failure, int poolCapacity)
    {
        // One step: natively, reads the ledger as a whole even if a chunk function were still running.
        World.Current.BeginStep();
        try
        {
            Check(ledger, result, failure, poolCapacity);
        }
        finally
        {
            World.Current.EndStep();
        }
    }

    private static void Check(JobLedger ledger, JobResult? result, JobFailedException? failure, int poolCapacity)
    {
        string job = $"Job {ledger.Id} ({ledger.Spec})";

        // The caller returns only after every chunk function has returned.
        World.Current.Assert(ledger.Started == ledger.Ended,
            $"{job}: the caller returned while {ledger.Started - ledger.Ended} chunk function(s) were still running.");

        // Checked against the job itself, not against ChunkPlan: a broken planner must not be able
        // to vouch for its own chunks.
        foreach (Chunk chunk in ledger.Calls)
        {
            World.Current.Assert(chunk.End > chunk.Start && chunk.Start >= ledger.Spec.Start && chunk.End <= ledger.Spec.End,
                $"{job}: the thread function was called on {chunk}, which is empty or outside the job.");
            World.Current.Assert(chunk.Start == ledger.Spec.Start || chunk.Start % ledger.Spec.Align == 0,
                $"{job}: chunk {chunk} starts at an interior boundary that is not a multiple of align {ledger.Spec.Align}.");
        }

        if (!ledger.Spec.Throws)
        {
            World.Current.Assert(failure is null, $"{job}: failed although no chunk throws: {failure?.Message}");
            string wrong = ledger.UnitsNotExactlyOnce();
            World.Current.Assert(wrong.Length == 0, $"{job}: the caller returned with units not processed exactly once (unit×count): {wrong}");
            JobResult r = result!.Value;
            World.Current.Assert(r.Chunks == ledger.Calls.Count, $"{job}: the engine reports {r.Chunks} chunks but the thread function was called {ledger.Calls.Count} times.");
            World.Current.Assert(r.Workers >= 1 && r.Workers <= 1 + poolCapacity && r.Workers <= r.RequestedWorkers,
                $"{job}: ran with {r.Workers} workers ({r.RequestedWorkers} requested, pool of {poolCapacity}).");
            // The expected plan is the kernel's rule restated in test code (tests/Reference), never
            // the engine's ChunkPlan: a planner that contradicts the kernel is caught here. The
            // granted count is the engine's (other callers may hold pool items), bounded above.
            JobSpec spec = ledger.Spec;
            int requested = KernelPlan.Requested(spec.Size, spec.Align, spec.MinChunk, spec.MaxThreads);
            World.Current.Assert(r.RequestedWorkers == requested && r.Workers <= requested,
                $"{job}: the engine requested {r.RequestedWorkers} workers and ran {r.Workers}; the kernel rule requests {requested}.");
            var plan = KernelPlan.WithGrantedHelpers(spec.Start, spec.Size, spec.Align, spec.MinChunk, spec.MaxThreads, r.Workers - 1);
            bool asPlanned = r.ChunkSize == plan.ChunkSize && plan.Chunks.SequenceEqual(ledger.Calls.OrderBy(c => c.Start).Select(c => (c.Start, c.End)));
            World.Current.Assert(asPlanned,
                $"{job}: chunk size {r.ChunkSize}, chunks called [{string.Join(" ", ledger.Calls.OrderBy(c => c.Start))}]; the kernel rule for {r.Workers} worker(s): {plan}.");
            return;
        }

        string twice = ledger.UnitsMoreThanOnce();
        World.Current.Assert(twice.Length == 0, $"{job}: units processed more than once (unit×count): {twice}");
        World.Current.Assert((ledger.Threw > 0) == (failure is not null),
            ledger.Threw > 0 ? $"{job}: {ledger.Threw} chunk(s) threw but the caller returned normally."
                             : $"{job}: the caller threw although no chunk did: {failure?.Message}");
        if (failure is not null)
        {
            World.Current.Assert(failure.Failures.Count == ledger.Threw,
                $"{job}: {ledger.Threw} chunk(s) threw but {failure.Failures.Count} failure(s) were reported.");
            World.Current.Assert(failure.Failures.All(f => f.Error is ChunkFault fault && fault.Chunk == f.Chunk),
                $"{job}: a reported failure does not match the chunk that threw it.");
        }
    }
}
