using Padata.Reference;

namespace Padata.Harness.Scenarios;

/// <summary>
/// An engine disposed while its caller runs a job: the disposer thread calls
/// <see cref="PadataEngine.Dispose"/> at any point of the job. Expected, in every schedule:
/// the job is either refused with <see cref="ObjectDisposedException"/> before any chunk ran, or it
/// completes like any job (every unit once, the plan's chunks), with its helpers if they were queued
/// before the workqueue stopped and on the caller alone if they could not be (the caller does
/// the helpers' share itself); when <c>Dispose</c> returns no chunk is running on a workqueue
/// thread (it drains what was queued and joins its threads); a job submitted after <c>Dispose</c>
/// returned is refused with <see cref="ObjectDisposedException"/> without running a chunk; the
/// pool is whole at the end; and nobody waits forever (Coyote reports a deadlock).
/// </summary>
internal sealed class DisposeDuringJobScenario(string name, int poolCapacity, JobSpec job) : Scenario
{
    public override string Name => name;

    public override string Shape => $"pool={poolCapacity} {job} | Dispose on another thread; a job after Dispose";

    /// <summary>Chunk functions on workqueue threads started and returned (auto-properties: see <see cref="ExecutionLog"/>).</summary>
    private sealed class HelperChunks
    {
        public int Started { get; set; }
        public int Ended { get; set; }
    }

    public override void Run()
    {
        PadataEngine engine = BeginEngineRun(poolCapacity, out ExecutionLog log);

        var helperChunks = new HelperChunks();
        var disposer = new Thread(() =>
        {
            ExecutionLog.NameCurrentThread("disposer");
            engine.Dispose();
            // Dispose drains every helper queued before it stopped intake and joins its threads.
            World.Current.Assert(helperChunks.Started == helperChunks.Ended,
                $"Dispose returned while {helperChunks.Started - helperChunks.Ended} chunk function(s) were running on workqueue threads.");
        });
        disposer.Start();

        ExecutionLog.NameCurrentThread("caller/0");
        var ledger = new JobLedger(job, "0.0", log);
        void Chunk(ulong start, ulong end)
        {
            bool onHelper = log.WorkerName().StartsWith("kworker", StringComparison.Ordinal);
            if (onHelper)
                World.InStep(() => helperChunks.Started++);
            try
            {
                ledger.Run(start, end);
            }
            finally
            {
                if (onHelper)
                    World.InStep(() => helperChunks.Ended++);
            }
        }

        log.Add(ledger.Id, EventKind.CallerEntered);
        World.Current.Delay();
        JobResult? result = null;
        JobFailedException? failure = null;
        bool refused = false;
        try
        {
            result = engine.DoMultithreaded(job.ToJob(Chunk));
        }
        catch (ObjectDisposedException)
        {
            refused = true;
        }
        catch (JobFailedException e)
        {
            failure = e;
        }
        ledger.CallerReturned = true;
        log.Add(ledger.Id, result is null ? EventKind.CallerThrew : EventKind.CallerReturned);
        World.Current.Delay();
        string name0 = $"Job {ledger.Id} ({job})";
        if (refused)
            World.Current.Assert(ledger.Calls.Count == 0,
                $"{name0}: refused with ObjectDisposedException after {ledger.Calls.Count} chunk(s) had run.");
        else
            JobOracle.AfterReturn(ledger, result, failure, poolCapacity);

        disposer.Join();
        // Dispose joined the workqueue threads: every helper queued ran or was cancelled, exactly one
        // of the two, and none that was refused (the caller retires those) was counted as cancelled.
        World.Current.Suppress();
        HelperAccounting.AfterDispose(engine.Snapshot(),
            KernelPlan.WithPool(job.Start, job.Size, job.Align, job.MinChunk, job.MaxThreads, poolCapacity).GrantedHelpers, atMost: true);
        World.Current.Resume();

        // After Dispose returned: refused cleanly, nothing run, nothing taken from the pool.
        var late = new JobLedger(job, "0.1", log);
        log.Add(late.Id, EventKind.CallerEntered);
        World.Current.Delay();
        Exception? lateError = null;
        try
        {
            engine.DoMultithreaded(job.ToJob(late.Run));
        }
        catch (Exception e)
        {
            lateError = e;
        }
        late.CallerReturned = true;
        log.Add(late.Id, lateError is null ? EventKind.CallerReturned : EventKind.CallerThrew);
        World.Current.Delay();
        World.Current.Assert(lateError is ObjectDisposedException,
            $"Job {late.Id} ({job}), submitted after Dispose returned: expected ObjectDisposedException, got {lateError?.GetType().Name ?? "a normal return"}.");
        World.Current.Assert(late.Calls.Count == 0, $"Job {late.Id}: {late.Calls.Count} chunk(s) ran on a disposed engine.");
        World.Current.Assert(engine.PoolAvailable == poolCapacity,
            $"After Dispose and every job, {engine.PoolAvailable} of {poolCapacity} work items are in the pool.");
    }

}
