using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Padata.Reference;

namespace Padata.Properties;

/// <summary>The engine on real threads: random job shapes and pool sizes, natively (unrewritten build).</summary>
[Properties(Arbitrary = [typeof(Generators)], MaxTest = 150)]
public class NativeRunProperties
{
    /// <summary>The kernel rule's plan (test reference) for a job on a fresh engine of <paramref name="poolCapacity"/> items.</summary>
    private static KernelPlan Expected(MultithreadedJob job, int poolCapacity) =>
        KernelPlan.WithPool(job.Start, job.Size, job.Align, job.MinChunk, job.MaxThreads, poolCapacity);

    private static IReadOnlyList<Chunk> ExpectedChunks(MultithreadedJob job, int poolCapacity) =>
        Expected(job, poolCapacity).Chunks.Select(c => new Chunk(c.Start, c.End)).ToList();

    [Property]
    public void Every_unit_is_processed_exactly_once_by_exactly_the_planned_chunks(RunShape run)
    {
        using var engine = new BoundedEngine(run.PoolCapacity);
        var ledger = new UnitLedger(run.Job);
        MultithreadedJob job = run.Job.ToJob((s, e) => ledger.Record(s, e));

        JobResult result = engine.DoMultithreaded(job);

        Assert.Empty(ledger.UnitsNotProcessedExactlyOnce());
        KernelPlan plan = Expected(job, run.PoolCapacity);
        Assert.Equal(ExpectedChunks(job, run.PoolCapacity), ledger.Calls.OrderBy(c => c.Start));
        Assert.Equal((plan.RequestedWorkers, plan.Workers, plan.ChunkSize, plan.Chunks.Count),
                     (result.RequestedWorkers, result.Workers, result.ChunkSize, result.Chunks));
        Assert.Equal(run.PoolCapacity, engine.PoolAvailable);
    }

    [Property]
    public void The_caller_returns_only_after_the_last_chunk_function_has_returned(RunShape run, byte slowChunk)
    {
        using var engine = new BoundedEngine(run.PoolCapacity);
        var ledger = new UnitLedger(run.Job);
        int calls = 0;
        // One chunk (chosen by call order) dawdles long enough to be still running if the caller
        // were woken early; the others are quick.
        MultithreadedJob job = run.Job.ToJob((s, e) =>
            ledger.Record(s, e, Interlocked.Increment(ref calls) == slowChunk % 8 + 1 ? 20_000 : 50));

        JobResult result = engine.DoMultithreaded(job);

        Assert.Equal(result.Chunks, ledger.Returned);
        Assert.Equal(ledger.Started, ledger.Returned);
    }

    [Property]
    public void A_throwing_chunk_fails_the_job_only_after_every_worker_stopped_with_the_pool_whole(RunShape run, byte[] throwers)
    {
        using var engine = new BoundedEngine(run.PoolCapacity);
        var ledger = new UnitLedger(run.Job);
        MultithreadedJob probe = run.Job.ToJob();
        IReadOnlyList<Chunk> planned = ExpectedChunks(probe, run.PoolCapacity);
        var throwing = throwers.Where(_ => planned.Count > 0).Select(b => planned[b % planned.Count]).ToHashSet();
        int thrown = 0;
        MultithreadedJob job = run.Job.ToJob((s, e) =>
        {
            ledger.Record(s, e, 200);
            if (throwing.Contains(new Chunk(s, e)))
            {
                Interlocked.Increment(ref thrown);
                throw new InvalidOperationException($"chunk {s}..{e} fails on purpose");
            }
        });

        Exception? error = Record.Exception(() => engine.DoMultithreaded(job));

        Assert.Equal(ledger.Started, ledger.Returned);
        Assert.Equal(run.PoolCapacity, engine.PoolAvailable);
        Assert.Empty(ledger.UnitsProcessedTwice());
        if (thrown == 0)
        {
            Assert.Null(error);
        }
        else
        {
            var failed = Assert.IsType<JobFailedException>(error);
            Assert.Equal(thrown, failed.Failures.Count);
            Assert.Equal(failed.Failures.Count, failed.Failures.Select(f => f.Chunk).Distinct().Count());
            Assert.All(failed.Failures, f => Assert.Contains(f.Chunk, throwing));
            Assert.Same(failed.Failures[0].Error, failed.InnerException);
            Assert.Equal(failed.Failures.Select(f => f.Error), failed.InnerExceptions);
            Assert.Contains(failed.Failures[0].Chunk.ToString(), failed.Message);
        }

        // Nothing leaked: the same engine runs the next job in full.
        var again = new UnitLedger(run.Job);
        engine.DoMultithreaded(run.Job.ToJob((s, e) => again.Record(s, e)));
        Assert.Empty(again.UnitsNotProcessedExactlyOnce());
    }

    [Property]
    public Property Without_helpers_a_failure_stops_the_hand_out_at_the_failing_chunk(JobShape shape, byte failAt)
    {
        IReadOnlyList<Chunk> planned = ExpectedChunks(shape.ToJob(), 0);
        return Prop.When(planned.Count > 0, () => FailAt(shape, planned, failAt));
    }

    private static void FailAt(JobShape shape, IReadOnlyList<Chunk> planned, byte failAt)
    {
        using var engine = new BoundedEngine(0);
        Chunk failing = planned[failAt % planned.Count];
        var calls = new List<Chunk>();
        MultithreadedJob job = shape.ToJob((s, e) =>
        {
            calls.Add(new Chunk(s, e));
            if (s == failing.Start)
                throw new InvalidOperationException("stop here");
        });

        var failed = Assert.Throws<JobFailedException>(() => engine.DoMultithreaded(job));

        Assert.Equal(planned.TakeWhile(c => c != failing).Append(failing), calls);
        Assert.Equal(failing, Assert.Single(failed.Failures).Chunk);
    }

    public static class ConcurrentJobs
    {
        public static Arbitrary<JobShape[][]> Callers() =>
            Generators.JobShape().Generator
                .Select(j => j with { Size = Math.Min(j.Size, 2000) })
                .ArrayOf(4).ArrayOf().Where(a => a.Length is >= 2 and <= 4).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(ConcurrentJobs)], MaxTest = 40)]
    public void Concurrent_jobs_sharing_a_small_pool_all_complete_and_leave_the_pool_whole(JobShape[][] callers, byte capacityByte)
    {
        int capacity = capacityByte % 4;
        using var engine = new BoundedEngine(capacity);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var threads = callers.Select(jobs => new Thread(() =>
        {
            // An exception here must fail this property, not the test process.
            try
            {
                foreach (JobShape shape in jobs)
                {
                    var ledger = new UnitLedger(shape);
                    JobResult result = engine.DoMultithreaded(shape.ToJob((s, e) => ledger.Record(s, e, 100)));
                    string[] wrong = ledger.UnitsNotProcessedExactlyOnce();
                    if (wrong.Length > 0)
                        failures.Enqueue($"{shape}: units not processed exactly once: {string.Join(", ", wrong)}");
                    if (result.Workers > capacity + 1)
                        failures.Enqueue($"{shape}: {result.Workers} workers from a pool of {capacity}");
                }
            }
            catch (Exception e)
            {
                failures.Enqueue($"a caller threw {e}");
            }
        })).ToArray();
        foreach (Thread thread in threads) thread.Start();
        foreach (Thread thread in threads) Bounded.Join(thread, engine.Engine, "a caller thread running its jobs " + string.Join("; ", callers.SelectMany(c => c)));

        Assert.Empty(failures);
        Assert.Equal(capacity, engine.PoolAvailable);
    }
}
