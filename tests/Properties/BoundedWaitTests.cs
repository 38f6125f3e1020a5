namespace Padata.Properties;

/// <summary>
/// The bounded waits can fail: a job whose chunk functions block on an event that is never set
/// (until the test releases it in cleanup) makes the wait give up, and the failure names the test,
/// the job's shape and the engine's state.
/// </summary>
public class BoundedWaitTests
{
    [Fact]
    public void A_job_whose_chunks_never_return_fails_its_bounded_wait_naming_the_test_the_job_and_the_engine_state()
    {
        using var never = new ManualResetEventSlim(false);
        int entered = 0;
        var engine = new BoundedEngine(2);
        // Three chunks of one unit, one per worker; every chunk function blocks: the caller in the
        // first chunk, each of the two helpers in one of the others.
        var job = new MultithreadedJob(0, 3, 1, 1, 3, (_, _) =>
        {
            Interlocked.Increment(ref entered);
            never.Wait();
        });
        try
        {
            var hang = Assert.Throws<EngineHangException>(() => engine.DoMultithreaded(job, expectedHangAfter: TimeSpan.FromSeconds(2)));

            Assert.Equal(3, Volatile.Read(ref entered));
            Assert.Contains("BoundedWaitTests.A_job_whose_chunks_never_return_fails_its_bounded_wait_naming_the_test_the_job_and_the_engine_state", hang.Message);
            Assert.Contains("job[start=0, size=3, align=1, min_chunk=1, max_threads=3] on a pool of 2 did not finish within 2 s", hang.Message);
            Assert.Contains("pool 0/2 available (2 helper(s) out: queued, running or not yet returned)", hang.Message);
            Assert.Contains("workqueue: 0 queued, 2 thread(s) started, 0 idle, 2 busy, 0 raised; helpers so far: 2 run, 0 cancelled (0 found cancelled by the workqueue); not disposed", hang.Message);
        }
        finally
        {
            never.Set();
            // Not engine.Dispose(): that skips the join in a run where some other test already hung.
            Bounded.Call(() => { engine.Engine.Dispose(); return 0; }, engine.Engine, "Dispose after the release", Bounded.Limit,
                         Bounded.TestName(nameof(A_job_whose_chunks_never_return_fails_its_bounded_wait_naming_the_test_the_job_and_the_engine_state), nameof(BoundedWaitTests)));
        }
        // Released, the job completes (on the thread the bounded wait left behind) and gives its
        // items back; the engine is whole again.
        Bounded.Until(() => engine.PoolAvailable == 2, engine.Engine, "the released job giving its work items back");
        EngineState after = engine.Engine.Snapshot();
        Assert.Equal(new EngineState(2, 2, 0, 2, 0, true) { HelpersRun = 2 }, after);
    }

    [Fact]
    public void A_started_callers_exception_is_rethrown_at_its_join_not_lost_and_not_left_to_end_the_process()
    {
        var started = Bounded.Start<int>(() => throw new InvalidOperationException("the caller failed"));
        var thrown = Assert.Throws<InvalidOperationException>(() => started.Join(null, "a caller that throws"));
        Assert.Equal("the caller failed", thrown.Message);
        Assert.Equal(7, Bounded.Start(() => 7).Join(null, "a caller that returns 7"));
    }
}
