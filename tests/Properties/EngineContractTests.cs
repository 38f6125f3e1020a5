namespace Padata.Properties;

/// <summary>
/// The engine's documented contract at its edges, pinned literally: bad arguments are refused with
/// the parameter and the rule (README, "The engine's public API"), the boundary values on either
/// side of each rule, and what the failure report of a job says. Added for mutation testing
/// (docs/mutation.md): each test kills mutants the properties let live.
/// </summary>
public class EngineContractTests
{
    private static readonly ChunkFunction Nothing = (_, _) => { };

    [Fact]
    public void A_negative_pool_capacity_is_refused_with_the_rule()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PadataEngine(-1));
        Assert.Equal("poolCapacity", e.ParamName);
        Assert.StartsWith("poolCapacity must be 0 or more.", e.Message);
        using var empty = new PadataEngine(0); // 0 is legal: every job runs on its caller alone
        Assert.Equal(0, empty.PoolCapacity);
    }

    [Fact]
    public void The_default_engine_refuses_disposal_saying_why()
    {
        var e = Assert.Throws<InvalidOperationException>(() => PadataEngine.Default.Dispose());
        Assert.Contains("PadataEngine.Default lives as long as the process", e.Message);
        // Still usable afterwards: the refusal did not dispose it.
        Assert.Equal(new JobResult(1, 1, 3, 1), PadataEngine.Default.DoMultithreaded(new MultithreadedJob(0, 3, 1, 3, 1, Nothing)));
    }

    [Fact]
    public void The_parameterless_engine_has_one_work_item_per_processor()
    {
        using var engine = new PadataEngine();
        Assert.Equal(Environment.ProcessorCount, engine.PoolCapacity);
        Assert.Equal(Environment.ProcessorCount, engine.PoolAvailable);
    }

    [Fact]
    public void A_null_job_is_refused_naming_it()
    {
        using var engine = new PadataEngine(1);
        Assert.Equal("job", Assert.Throws<ArgumentNullException>(() => engine.DoMultithreaded(null!)).ParamName);
        Assert.Equal("job", Assert.Throws<ArgumentNullException>(() => ChunkPlan.RequestedWorkersFor(null!)).ParamName);
        Assert.Equal("job", Assert.Throws<ArgumentNullException>(() => ChunkPlan.ChunkSizeFor(null!, 1)).ParamName);
    }

    [Fact]
    public void Each_invalid_job_names_its_rule_and_the_values()
    {
        var align = Assert.Throws<ArgumentOutOfRangeException>(() => new MultithreadedJob(0, 8, 0, 1, 2, Nothing));
        Assert.StartsWith("align must be at least 1 (chunk boundaries are multiples of it).", align.Message);
        var threads = Assert.Throws<ArgumentOutOfRangeException>(() => new MultithreadedJob(0, 8, 1, 1, 0, Nothing));
        Assert.StartsWith("maxThreads must be at least 1 (the caller is always a worker).", threads.Message);
        var size = Assert.Throws<ArgumentOutOfRangeException>(() => new MultithreadedJob(10, ulong.MaxValue - 9, 1, 1, 2, Nothing));
        Assert.StartsWith($"start + size must not exceed {ulong.MaxValue} (the job's end, start 10 + size {ulong.MaxValue - 9}, overflows ulong).", size.Message);
        // One unit less is the largest legal job at that start; max_threads 1 and align 1 are legal.
        var largest = new MultithreadedJob(10, ulong.MaxValue - 10, 1, 0, 1, Nothing);
        Assert.Equal(ulong.MaxValue, largest.End);
    }

    [Fact]
    public void A_job_describes_itself_with_the_kernel_field_names()
    {
        var job = new MultithreadedJob(5, 10, 2, 3, 4, Nothing);
        Assert.Equal("job[start=5, size=10, align=2, min_chunk=3, max_threads=4]", job.ToString());
        Assert.Equal((5UL, 10UL, 2UL, 3UL, 4, 15UL), (job.Start, job.Size, job.Align, job.MinChunk, job.MaxThreads, job.End));
        Assert.Same(Nothing, job.ThreadFunction);
    }

    [Fact]
    public void A_chunk_is_half_open_and_prints_so()
    {
        var chunk = new Chunk(3, 8);
        Assert.Equal(5UL, chunk.Size);
        Assert.Equal("[3, 8)", chunk.ToString());
    }

    [Fact]
    public void The_empty_job_result_is_all_zero()
    {
        Assert.Equal(new JobResult(0, 0, 0, 0), JobResult.Empty);
    }

    [Fact]
    public void Granted_helpers_outside_zero_to_requested_minus_one_are_refused_with_the_bounds()
    {
        // size 8, min_chunk 2: nworks = 4, capped at max_threads 3; helpers 0..2.
        var job = new MultithreadedJob(0, 8, 1, 2, 3, Nothing);
        Assert.Equal(3, ChunkPlan.Create(job, 2).Workers);
        Assert.Equal(1, ChunkPlan.Create(job, 0).Workers);
        foreach (int wrong in new[] { -1, 3 })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => ChunkPlan.Create(job, wrong));
            Assert.Equal("grantedHelpers", e.ParamName);
            Assert.Equal(wrong, e.ActualValue);
            Assert.StartsWith("grantedHelpers must be between 0 and 2 (the job requests 3 workers, the caller included).", e.Message);
        }
        // An empty job requests 0 workers and may be granted none.
        var empty = new MultithreadedJob(0, 0, 1, 2, 3, Nothing);
        Assert.StartsWith("grantedHelpers must be between 0 and 0 (the job requests 0 workers",
            Assert.Throws<ArgumentOutOfRangeException>(() => ChunkPlan.Create(empty, 1)).Message);
    }

    [Fact]
    public void A_chunk_size_for_fewer_than_one_worker_is_refused()
    {
        var job = new MultithreadedJob(0, 8, 1, 0, 4, Nothing);
        Assert.Equal("workers", Assert.Throws<ArgumentOutOfRangeException>(() => ChunkPlan.ChunkSizeFor(job, 0)).ParamName);
        Assert.Equal(2UL, ChunkPlan.ChunkSizeFor(job, 1)); // kernel rule: 8 / (1 * 4)
    }

    [Fact]
    public void A_plan_counts_helpers_as_workers_minus_the_caller()
    {
        var job = new MultithreadedJob(0, 8, 1, 2, 3, Nothing);
        ChunkPlan two = ChunkPlan.Create(job, 1);
        Assert.Equal((3, 2, 1, false), (two.RequestedWorkers, two.Workers, two.Helpers, two.IsSingleThreaded));
        ChunkPlan alone = ChunkPlan.Create(job, 0);
        Assert.Equal((3, 1, 0, false), (alone.RequestedWorkers, alone.Workers, alone.Helpers, alone.IsSingleThreaded));
        ChunkPlan fast = ChunkPlan.Create(new MultithreadedJob(0, 8, 1, 8, 3, Nothing), 0);
        Assert.Equal((1, 1, 0, true), (fast.RequestedWorkers, fast.Workers, fast.Helpers, fast.IsSingleThreaded));
        ChunkPlan empty = ChunkPlan.Create(new MultithreadedJob(0, 0, 1, 8, 3, Nothing), 0);
        Assert.Equal((0, 0, 0, false), (empty.RequestedWorkers, empty.Workers, empty.Helpers, empty.IsSingleThreaded));
    }

    [Fact]
    public void A_failed_job_names_the_first_failed_chunk_the_job_and_the_error()
    {
        using var engine = new PadataEngine(0);
        // Pool 0: the caller alone takes the chunks of [0, 8) (chunk 8 / (1 * 4) = 2) in order; the
        // second throws, and no chunk is handed out after it.
        var ran = new List<Chunk>();
        var failed = Assert.Throws<JobFailedException>(() => engine.DoMultithreaded(
            new MultithreadedJob(0, 8, 1, 2, 4, (s, e) => { ran.Add(new Chunk(s, e)); if (s == 2) throw new FormatException("unit 2 is bad"); })));
        Assert.Equal("Chunk [2, 4) of job[start=0, size=8, align=1, min_chunk=2, max_threads=4] threw FormatException: unit 2 is bad; " +
                     "no chunk was started after it.", failed.Message.Split(" (")[0]);
        Assert.Equal([new Chunk(0, 2), new Chunk(2, 4)], ran);
        Assert.Equal(new Chunk(2, 4), Assert.Single(failed.Failures).Chunk);
        Assert.Equal(0, engine.PoolAvailable);
    }

    [Fact]
    public void A_failed_job_with_several_failures_says_how_many_came_later()
    {
        var job = new MultithreadedJob(0, 8, 1, 2, 4, Nothing);
        var failures = new[]
        {
            new ChunkFailure(new Chunk(0, 2), new InvalidOperationException("first")),
            new ChunkFailure(new Chunk(4, 6), new FormatException("second")),
            new ChunkFailure(new Chunk(6, 8), new FormatException("third")),
        };
        var e = new JobFailedException(job, failures);
        Assert.StartsWith("Chunk [0, 2) of job[start=0, size=8, align=1, min_chunk=2, max_threads=4] threw InvalidOperationException: first; " +
                          "no chunk was started after it; 2 later chunk failure(s) attached.", e.Message);
        Assert.Same(failures[0].Error, e.InnerException);
        Assert.Equal(failures.Select(f => f.Error), e.InnerExceptions);
        Assert.Same(failures, e.Failures);
    }

    [Fact]
    public void A_failed_job_without_failures_cannot_be_made()
    {
        var e = Assert.Throws<ArgumentException>(() => new JobFailedException(new MultithreadedJob(0, 8, 1, 2, 4, Nothing), []));
        Assert.Equal("failures", e.ParamName);
        Assert.StartsWith("A failed job has at least one failure.", e.Message);
    }

    [Fact]
    public void A_chunk_size_whose_rounding_to_align_passes_ulong_max_throws_instead_of_wrapping()
    {
        // ChunkSizeFor promises a non-zero multiple of align; none >= 2^64 - 1 fits when align is 2.
        var job = new MultithreadedJob(0, ulong.MaxValue, 2, ulong.MaxValue, 2, Nothing);
        Assert.Throws<OverflowException>(() => ChunkPlan.ChunkSizeFor(job, 1));
        Assert.Equal(ulong.MaxValue - 1, ChunkPlan.ChunkSizeFor(new MultithreadedJob(0, ulong.MaxValue, 2, ulong.MaxValue - 2, 2, Nothing), 1));
    }

    [Fact]
    public void A_disposed_engine_refuses_even_a_job_that_would_run_on_its_caller_alone()
    {
        var engine = new PadataEngine(2);
        engine.Dispose();
        int calls = 0;
        Assert.Throws<ObjectDisposedException>(() => engine.DoMultithreaded(new MultithreadedJob(0, 4, 1, 4, 1, (_, _) => calls++)));
        Assert.Equal(0, calls);
    }

    [Fact]
    public void An_engine_disposed_after_a_job_took_its_helpers_runs_the_job_on_the_caller_alone()
    {
        // The caller of a job is held inside the pool's Take (the test holds the pool lock), the
        // engine is disposed, then the caller is let go: its helpers can no longer be queued, so it
        // runs every chunk itself and returns. The lock is private; reflection is the test's only
        // way to hold the caller at that point natively (the systematic check explores it anyway).
        var engine = new PadataEngine(2);
        object poolLock = typeof(WorkPool).GetField("gate", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(engine.Pool)!;
        var ran = new System.Collections.Concurrent.ConcurrentQueue<(ulong, ulong)>();
        JobResult result = default;
        Exception? error = null;
        var caller = new Thread(() =>
        {
            try { result = engine.DoMultithreaded(new MultithreadedJob(0, 12, 1, 4, 3, (s, e) => ran.Enqueue((s, e)))); }
            catch (Exception e) { error = e; }
        });
        Monitor.Enter(poolLock);
        try
        {
            caller.Start();
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
            while ((caller.ThreadState & ThreadState.WaitSleepJoin) == 0 && DateTime.UtcNow < deadline)
                Thread.Yield();
            Assert.True((caller.ThreadState & ThreadState.WaitSleepJoin) != 0, "the caller never reached the pool");
            engine.Dispose();
        }
        finally
        {
            Monitor.Exit(poolLock);
        }
        Assert.True(caller.Join(TimeSpan.FromMinutes(1)),
            $"job[size 12, min_chunk 4, max_threads 3] on an engine disposed under it did not return within a minute; {ran.Count} chunk(s) ran");
        Assert.Null(error);
        // Kernel rule: nworks = 12 / 4 = 3, two helpers granted, chunk = max(12 / (3 * 4), 4) = 4.
        Reference.KernelPlan plan = Reference.KernelPlan.WithGrantedHelpers(0, 12, 1, 4, 3, 2);
        Assert.Equal(plan.Chunks, ran.OrderBy(c => c.Item1));
        Assert.Equal(new JobResult(3, 1, plan.ChunkSize, plan.Chunks.Count), result);
        Assert.Equal(2, engine.PoolAvailable);
    }

    [Fact]
    public void After_a_job_its_work_items_are_back_in_the_pool_bound_to_no_job()
    {
        using var engine = new PadataEngine(2);
        engine.DoMultithreaded(new MultithreadedJob(0, 12, 1, 4, 3, Nothing));
        Assert.Equal(2, engine.PoolAvailable);
        foreach (IWorkItem item in engine.Pool.Take(2))
            Assert.Throws<InvalidOperationException>(() => item.Execute());
    }

    [Fact]
    public void A_missing_thread_function_is_refused_with_the_rule_for_a_job_with_or_without_undo()
    {
        var plain = Assert.Throws<ArgumentNullException>(() => new MultithreadedJob(0, 8, 1, 1, 2, null!));
        Assert.Equal("threadFunction", plain.ParamName);
        Assert.StartsWith("threadFunction must not be null (it is what the job runs on each chunk).", plain.Message);
        var withUndo = Assert.Throws<ArgumentNullException>(() => new MultithreadedJob(0, 8, 1, 1, 2, null!, Nothing));
        Assert.StartsWith("threadFunction must not be null: an undo function rolls back what the thread function did", withUndo.Message);
    }

    [Fact]
    public void A_job_with_undo_says_so_when_it_describes_itself()
    {
        var job = new MultithreadedJob(5, 10, 2, 3, 4, Nothing, Nothing);
        Assert.Equal("job[start=5, size=10, align=2, min_chunk=3, max_threads=4, undo]", job.ToString());
        Assert.Same(Nothing, job.UndoFunction);
        Assert.Null(new MultithreadedJob(5, 10, 2, 3, 4, Nothing).UndoFunction);
    }

    [Fact]
    public void A_failed_job_with_undo_says_whether_every_completed_chunk_was_undone()
    {
        // Pool 0: the caller takes [0, 2), [2, 4), [4, 6) in order; [4, 6) throws; [0, 2) and [2, 4) are undone.
        using var engine = new PadataEngine(0);
        var undone = new List<Chunk>();
        var failed = Assert.Throws<JobFailedException>(() => engine.DoMultithreaded(new MultithreadedJob(0, 8, 1, 2, 4,
            (s, _) => { if (s == 4) throw new FormatException("unit 4 is bad"); },
            (s, e) => undone.Add(new Chunk(s, e)))));
        Assert.Equal([new Chunk(0, 2), new Chunk(2, 4)], undone);
        Assert.StartsWith("Chunk [4, 6) of job[start=0, size=8, align=1, min_chunk=2, max_threads=4, undo] threw FormatException: unit 4 is bad; " +
                          "no chunk was started after it; every chunk that had completed was undone.", failed.Message);
        Assert.False(Assert.Single(failed.Failures).IsUndoFailure);
        Assert.Equal(FailurePhase.ThreadFunction, failed.Failures[0].Phase);

        var undoFailed = Assert.Throws<JobFailedException>(() => engine.DoMultithreaded(new MultithreadedJob(0, 8, 1, 2, 4,
            (s, _) => { if (s == 4) throw new FormatException("unit 4 is bad"); },
            (s, _) => { if (s == 2) throw new InvalidOperationException("cannot undo 2"); })));
        Assert.StartsWith("Chunk [4, 6) of job[start=0, size=8, align=1, min_chunk=2, max_threads=4, undo] threw FormatException: unit 4 is bad; " +
                          "no chunk was started after it; 1 undo failure(s) attached (the other completed chunks were undone).", undoFailed.Message);
        Assert.Equal(2, undoFailed.Failures.Count);
        Assert.Equal((new Chunk(2, 4), FailurePhase.Undo, true), (undoFailed.Failures[1].Chunk, undoFailed.Failures[1].Phase, undoFailed.Failures[1].IsUndoFailure));
    }

    [Fact]
    public void Later_failures_are_counted_apart_from_undo_failures()
    {
        var job = new MultithreadedJob(0, 8, 1, 2, 4, Nothing, Nothing);
        var failures = new[]
        {
            new ChunkFailure(new Chunk(2, 4), new FormatException("a")),
            new ChunkFailure(new Chunk(4, 6), new FormatException("b")),
            new ChunkFailure(new Chunk(0, 2), new FormatException("c")) { Phase = FailurePhase.Undo },
        };
        Assert.StartsWith("Chunk [2, 4) of job[start=0, size=8, align=1, min_chunk=2, max_threads=4, undo] threw FormatException: a; " +
                          "no chunk was started after it; 1 later chunk failure(s) attached; 1 undo failure(s) attached (the other completed chunks were undone).",
                          new JobFailedException(job, failures).Message);
    }

    [Fact]
    public void A_snapshot_of_an_idle_engine_shows_its_pool_whole_and_its_threads()
    {
        var engine = new PadataEngine(3);
        Assert.Equal(new EngineState(3, 3, 0, 0, 0, false), engine.Snapshot());
        // nworks = 12 / 4 = 3: two helpers, so two workqueue threads are started.
        engine.DoMultithreaded(new MultithreadedJob(0, 12, 1, 4, 3, Nothing));
        EngineState after = engine.Snapshot();
        Assert.Equal((3, 3, 0, 2, false), (after.PoolCapacity, after.PoolAvailable, after.QueuedHelpers, after.WorkerThreads, after.Disposed));
        engine.Dispose();
        Assert.True(engine.Snapshot().Disposed);
    }

    [Fact]
    public void An_engine_state_counts_helpers_out_and_busy_threads_and_describes_itself()
    {
        var state = new EngineState(PoolCapacity: 4, PoolAvailable: 1, QueuedHelpers: 2, WorkerThreads: 3, IdleWorkerThreads: 1, Disposed: false);
        Assert.Equal((3, 2), (state.HelpersOut, state.BusyWorkerThreads));
        Assert.Equal("pool 1/4 available (3 helper(s) out: queued, running or not yet returned); workqueue: 2 queued, 3 thread(s) started, 1 idle, 2 busy, 0 raised; helpers so far: 0 run, 0 cancelled (0 found cancelled by the workqueue); not disposed",
            state.ToString());
        Assert.EndsWith("; disposed", (state with { Disposed = true }).ToString());
    }
}
