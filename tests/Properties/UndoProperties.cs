using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Padata.Properties;

/// <summary>
/// The undo contract of <see cref="MultithreadedJob.UndoFunction"/> on real threads: random job
/// shapes and pools, random failing units (a chunk fails when it contains one, whatever the chunk
/// size turns out to be), random failing undos. Stated over an <see cref="UndoLedger"/>.
/// </summary>
[Properties(Arbitrary = [typeof(Generators)], MaxTest = 150)]
public class UndoProperties
{
    /// <summary>A job whose thread function fails on chunks holding a failing unit and whose undo fails on chunks holding a failing undo unit.</summary>
    private static MultithreadedJob Job(RunShape run, UndoLedger ledger, ISet<ulong> failingUnits, ISet<ulong> failingUndoUnits, int[]? units = null)
    {
        JobShape s = run.Job;
        bool Holds(ISet<ulong> set, ulong start, ulong end) => set.Any(u => u >= start && u < end);
        return new MultithreadedJob(s.Start, s.Size, s.Align, s.MinChunk, s.MaxThreads,
            (start, end) =>
            {
                var chunk = new Chunk(start, end);
                ledger.Started(chunk);
                if (units is not null)
                    for (ulong u = start; u < end; u++)
                        Interlocked.Increment(ref units[u - s.Start]);
                Thread.SpinWait(100);
                if (Holds(failingUnits, start, end))
                {
                    // As in ktask, a failing chunk cleans up its own partial work before throwing.
                    if (units is not null)
                        for (ulong u = start; u < end; u++)
                            Interlocked.Decrement(ref units[u - s.Start]);
                    ledger.Threw(chunk);
                    throw new InvalidOperationException($"chunk {chunk} fails on purpose");
                }
                ledger.Returned(chunk);
            },
            (start, end) =>
            {
                var chunk = new Chunk(start, end);
                ledger.Undone(chunk);
                if (Holds(failingUndoUnits, start, end))
                    throw new InvalidOperationException($"undo of {chunk} fails on purpose");
                if (units is not null)
                    for (ulong u = start; u < end; u++)
                        Interlocked.Decrement(ref units[u - s.Start]);
            });
    }

    private static HashSet<ulong> Units(RunShape run, byte[] picks) =>
        run.Job.Size == 0 ? [] : picks.Select(p => run.Job.Start + (ulong)p * 7919UL % run.Job.Size).ToHashSet();

    [Property]
    public void On_success_undo_is_never_called(RunShape run)
    {
        using var engine = new PadataEngine(run.PoolCapacity);
        var ledger = new UndoLedger();

        engine.DoMultithreaded(Job(run, ledger, new HashSet<ulong>(), new HashSet<ulong>()));

        Assert.Empty(ledger.Of(UndoLedger.Kind.Undone));
        Assert.Empty(ledger.Of(UndoLedger.Kind.Threw));
    }

    [Property]
    public Property After_a_failure_every_chunk_that_returned_normally_is_undone_exactly_once_and_no_other(RunShape run, NonEmptyArray<byte> failAt)
    {
        using var engine = new PadataEngine(run.PoolCapacity);
        var ledger = new UndoLedger();
        HashSet<ulong> failing = Units(run, failAt.Get);
        int caller = Environment.CurrentManagedThreadId;

        Exception? error = Record.Exception(() => engine.DoMultithreaded(Job(run, ledger, failing, new HashSet<ulong>())));
        IReadOnlyList<UndoLedger.Event> atThrow = ledger.Events;

        return Prop.When(run.Job.Size > 0, () =>
        {
            var failed = Assert.IsType<JobFailedException>(error);
            var returned = ledger.Of(UndoLedger.Kind.Returned).OrderBy(c => c.Start).ToList();
            var threw = ledger.Of(UndoLedger.Kind.Threw).ToHashSet();
            var undone = ledger.Of(UndoLedger.Kind.Undone).ToList();
            // Exactly once each, the returned ones and no other (not the ones that threw, not the
            // ones never started: those never appear as returned).
            Assert.Equal(returned, undone.OrderBy(c => c.Start));
            Assert.DoesNotContain(undone, threw.Contains);
            Assert.Equal(threw.OrderBy(c => c.Start), failed.Failures.Select(f => f.Chunk).OrderBy(c => c.Start));
            Assert.All(failed.Failures, f => Assert.Equal(FailurePhase.ThreadFunction, f.Phase));
            // Every undo after every worker stopped: no chunk function running at an undo, and no
            // chunk started after the first undo.
            var events = ledger.Events;
            int firstUndo = events.FirstOrDefault(e => e.Kind == UndoLedger.Kind.Undone)?.Sequence ?? int.MaxValue;
            Assert.All(events.Where(e => e.Kind == UndoLedger.Kind.Undone), e => Assert.Equal(0, e.RunningAtThatMoment));
            Assert.DoesNotContain(events, e => e.Kind == UndoLedger.Kind.Started && e.Sequence > firstUndo);
            // On the caller, and before it threw.
            Assert.All(events.Where(e => e.Kind == UndoLedger.Kind.Undone), e => Assert.Equal(caller, e.Thread));
            Assert.Equal(events.Count, atThrow.Count);
            Assert.Equal(run.PoolCapacity, engine.PoolAvailable);
        }).Classify(ledger.Of(UndoLedger.Kind.Returned).Any(), "some chunk was undone")
          .Classify(run.PoolCapacity > 0 && ChunkPlan.RequestedWorkersFor(run.Job.ToJob()) > 1, "with helpers");
    }

    [Property]
    public Property The_chunks_run_are_a_prefix_of_the_hand_out_order(RunShape run, NonEmptyArray<byte> failAt)
    {
        using var engine = new PadataEngine(run.PoolCapacity);
        var ledger = new UndoLedger();

        Record.Exception(() => engine.DoMultithreaded(Job(run, ledger, Units(run, failAt.Get), new HashSet<ulong>())));

        return Prop.When(run.Job.Size > 0, () =>
        {
            var started = ledger.Of(UndoLedger.Kind.Started).OrderBy(c => c.Start).ToList();
            // Contiguous from the job's start: chunks are handed out in order and a failure only
            // stops the hand-out, so what ran is [start, x) for some x.
            Assert.Equal(run.Job.Start, started[0].Start);
            for (int i = 1; i < started.Count; i++)
                Assert.Equal(started[i - 1].End, started[i].Start);
        });
    }

    [Property]
    public Property An_undo_that_throws_does_not_stop_the_others_and_is_reported_as_an_undo_failure(RunShape run, NonEmptyArray<byte> failAt, NonEmptyArray<byte> undoFailAt)
    {
        using var engine = new PadataEngine(run.PoolCapacity);
        var ledger = new UndoLedger();
        HashSet<ulong> failingUndo = Units(run, undoFailAt.Get);

        Exception? error = Record.Exception(() => engine.DoMultithreaded(Job(run, ledger, Units(run, failAt.Get), failingUndo)));

        return Prop.When(run.Job.Size > 0, () =>
        {
            var failed = Assert.IsType<JobFailedException>(error);
            var returned = ledger.Of(UndoLedger.Kind.Returned).OrderBy(c => c.Start).ToList();
            Assert.Equal(returned, ledger.Of(UndoLedger.Kind.Undone).OrderBy(c => c.Start));
            var undoFailed = returned.Where(c => failingUndo.Any(u => u >= c.Start && u < c.End)).ToList();
            Assert.Equal(undoFailed, failed.Failures.Where(f => f.IsUndoFailure).Select(f => f.Chunk).OrderBy(c => c.Start));
            Assert.Equal(ledger.Of(UndoLedger.Kind.Threw).OrderBy(c => c.Start),
                         failed.Failures.Where(f => !f.IsUndoFailure).Select(f => f.Chunk).OrderBy(c => c.Start));
            // The thread functions' failures come first: the inner exception is the one that stopped the job.
            Assert.False(failed.Failures[0].IsUndoFailure);
            Assert.Same(failed.Failures[0].Error, failed.InnerException);
            Assert.Equal(failed.Failures.Select(f => f.Error), failed.InnerExceptions);
        }).Classify(failed(error) > 0, "some undo failed");

        static int failed(Exception? e) => (e as JobFailedException)?.Failures.Count(f => f.IsUndoFailure) ?? 0;
    }

    [Property]
    public Property A_failed_job_with_undo_leaves_no_trace(RunShape run, NonEmptyArray<byte> failAt)
    {
        using var engine = new PadataEngine(run.PoolCapacity);
        var units = new int[run.Job.Size];
        var ledger = new UndoLedger();

        Exception? error = Record.Exception(() => engine.DoMultithreaded(Job(run, ledger, Units(run, failAt.Get), new HashSet<ulong>(), units)));

        return Prop.When(run.Job.Size > 0, () =>
        {
            Assert.IsType<JobFailedException>(error);
            Assert.All(units, count => Assert.Equal(0, count));
        });
    }

    [Fact]
    public void An_undo_function_without_a_thread_function_is_refused_naming_the_thread_function()
    {
        var e = Assert.Throws<ArgumentNullException>(() => new MultithreadedJob(0, 4, 1, 0, 2, null!, (_, _) => { }));
        Assert.Equal("threadFunction", e.ParamName);
        Assert.Contains("undo", e.Message);
    }

    [Fact]
    public void A_null_undo_function_means_a_job_without_undo()
    {
        var job = new MultithreadedJob(0, 4, 1, 0, 2, (_, _) => { }, undoFunction: null);
        Assert.Null(job.UndoFunction);
        Assert.DoesNotContain("undo", job.ToString());
    }
}
