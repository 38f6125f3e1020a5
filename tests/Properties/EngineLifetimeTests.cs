namespace Padata.Properties;

/// <summary>Engine creation and disposal: nothing queued is dropped, nothing runs after, the default is shared.</summary>
public class EngineLifetimeTests
{
    [Fact]
    public void A_disposed_engine_rejects_new_jobs_with_ObjectDisposedException()
    {
        var engine = new PadataEngine(2);
        engine.Dispose();
        engine.Dispose(); // idempotent
        Assert.Throws<ObjectDisposedException>(() => engine.DoMultithreaded(new MultithreadedJob(0, 100, 1, 1, 4, (_, _) => { })));
    }

    [Fact]
    public void Disposing_the_engine_under_running_jobs_never_leaves_a_caller_waiting_or_a_unit_unprocessed()
    {
        var engine = new PadataEngine(2);
        var shape = new JobShape(0, 3000, 1, 1, 3);
        var wrong = new System.Collections.Concurrent.ConcurrentQueue<string>();
        int completed = 0;
        var callers = Enumerable.Range(0, 3).Select(_ => new Thread(() =>
        {
            try
            {
                while (true)
                {
                    var ledger = new UnitLedger(shape);
                    engine.DoMultithreaded(shape.ToJob((s, e) => ledger.Record(s, e, 50)));
                    if (ledger.UnitsNotProcessedExactlyOnce().Length > 0)
                        wrong.Enqueue("a job returned with units not processed exactly once");
                    Interlocked.Increment(ref completed);
                }
            }
            catch (ObjectDisposedException)
            {
            }
            catch (Exception e)
            {
                // Any other exception must fail this test, not end the test process.
                wrong.Enqueue($"a caller threw {e}");
            }
        })).ToArray();
        foreach (Thread caller in callers) caller.Start();
        string jobs = $"3 callers running {shape} in a loop on a pool of 2";
        Bounded.Until(() => Volatile.Read(ref completed) >= 20, engine, $"{jobs}: 20 jobs");
        Bounded.Call(() => { engine.Dispose(); return 0; }, engine, $"{jobs}: Dispose");
        foreach (Thread caller in callers)
            Bounded.Join(caller, engine, $"{jobs}: a caller after Dispose (liveness)");
        Assert.Empty(wrong);
        Assert.Equal(2, engine.PoolAvailable);
    }

    [Fact]
    public void The_default_engine_is_one_per_process_sized_to_the_processors_and_cannot_be_disposed()
    {
        Assert.Same(PadataEngine.Default, PadataEngine.Default);
        Assert.Equal(Environment.ProcessorCount, PadataEngine.Default.PoolCapacity);
        Assert.Throws<InvalidOperationException>(() => PadataEngine.Default.Dispose());
        var ledger = new UnitLedger(new JobShape(5, 1000, 1, 10, 8));
        PadataEngine.Default.DoMultithreaded(new JobShape(5, 1000, 1, 10, 8).ToJob((s, e) => ledger.Record(s, e)));
        Assert.Empty(ledger.UnitsNotProcessedExactlyOnce());
    }

    [Fact]
    public void A_fast_path_failure_is_reported_like_any_other_chunk_failure()
    {
        using var engine = new BoundedEngine(1);
        var boom = new FormatException("bad unit");
        var failed = Assert.Throws<JobFailedException>(() =>
            engine.DoMultithreaded(new MultithreadedJob(10, 5, 1, 100, 4, (_, _) => throw boom)));
        Assert.Equal(new Chunk(10, 15), Assert.Single(failed.Failures).Chunk);
        Assert.Same(boom, failed.InnerException);
    }

    [Fact]
    public void Workers_started_before_any_job_take_its_helpers_no_thread_is_started_after_and_Dispose_joins_them()
    {
        var engine = new PadataEngine(2);
        Assert.Equal(2, engine.StartWorkers());
        Assert.Equal(0, engine.StartWorkers());
        Assert.Equal((2, 2), (engine.Snapshot().WorkerThreads, engine.Snapshot().IdleWorkerThreads));

        // Two helpers a job; the started threads are the only ones the pool of 2 allows, so every
        // helper that runs runs on one of them, woken from its sleep on the queue.
        var shape = new JobShape(0, 3000, 1, 1, 3);
        const int jobs = 20;
        for (int i = 0; i < jobs; i++)
        {
            var ledger = new UnitLedger(shape);
            Bounded.Call(() => engine.DoMultithreaded(shape.ToJob((s, e) => ledger.Record(s, e, 50))), engine, $"job {i + 1} of {jobs}: {shape} on pre-started workers");
            Assert.Empty(ledger.UnitsNotProcessedExactlyOnce());
        }
        Assert.Equal(2, engine.Snapshot().WorkerThreads);

        // Dispose drains what is queued (a cancelled helper may still be) and joins the threads:
        // then every helper of every job has been taken by one of the two, run or cancelled.
        Bounded.Call(() => { engine.Dispose(); return 0; }, engine, "Dispose with two started workers");
        EngineState state = engine.Snapshot();
        Assert.True(state.Disposed);
        Assert.Equal(2, state.WorkerThreads);
        Assert.Equal(2 * jobs, state.HelpersRun + state.HelpersCancelled);
        Assert.Throws<ObjectDisposedException>(() => engine.StartWorkers());
    }
}
