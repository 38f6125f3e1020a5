namespace Padata.Properties;

/// <summary>
/// The pool's and the workqueue's refusals and edges, pinned literally (internal types, reached
/// through InternalsVisibleTo): each misuse is refused naming what was wrong, before anything
/// changes. Added for mutation testing (docs/mutation.md).
/// </summary>
public class PoolAndWorkqueueContractTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(1);

    private sealed class Item(Action run) : IWorkItem
    {
        public bool Execute()
        {
            run();
            return true;
        }
    }

    [Fact]
    public void A_pool_refuses_a_negative_take_and_a_null_return()
    {
        var pool = new WorkPool(2);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => pool.Take(-1)).ParamName);
        Assert.Empty(pool.Take(0));
        Assert.Equal("items", Assert.Throws<ArgumentNullException>(() => pool.Return(null!)).ParamName);
        Assert.Equal(2, pool.Available);
    }

    [Fact]
    public void A_pool_hands_out_its_items_lowest_id_first_and_names_them()
    {
        var pool = new WorkPool(3);
        PadataWork[] items = pool.Take(3);
        Assert.Equal([0, 1, 2], items.Select(i => i.Id));
        Assert.All(items, i => Assert.Same(pool, i.Pool));
        Assert.All(items, i => Assert.False(i.IsFree));
        Assert.Equal("padata_work#1", items[1].ToString());
        pool.Return(items);
        Assert.All(items, i => Assert.True(i.IsFree));
    }

    [Fact]
    public void Each_misuse_of_return_is_refused_naming_the_item_and_the_rule()
    {
        var pool = new WorkPool(2);
        var other = new WorkPool(1);
        PadataWork[] taken = pool.Take(2);

        var isNull = Assert.Throws<ArgumentException>(() => pool.Return([taken[0], null!]));
        Assert.Equal("items", isNull.ParamName);
        Assert.StartsWith("items[1] is null.", isNull.Message);

        var foreign = Assert.Throws<ArgumentException>(() => other.Return([taken[0]]));
        Assert.StartsWith("padata_work#0 belongs to another pool and cannot be returned to this one.", foreign.Message);

        var twice = Assert.Throws<InvalidOperationException>(() => pool.Return([taken[1], taken[1]]));
        Assert.Equal("padata_work#1 is listed twice in one return.", twice.Message);

        pool.Return([taken[0]]);
        var again = Assert.Throws<InvalidOperationException>(() => pool.Return([taken[1], taken[0]]));
        Assert.Equal("padata_work#0 is already in the pool (returned twice).", again.Message);

        // All-or-nothing: item 1, valid in each refused batch, is still out.
        Assert.Equal(1, pool.Available);
        Assert.False(taken[1].IsFree);
        pool.Return([taken[1]]);
        Assert.Equal(2, pool.Available);
    }

    [Fact]
    public void A_work_item_queued_without_a_job_says_so()
    {
        var pool = new WorkPool(1);
        IWorkItem item = pool.Take(1)[0];
        var e = Assert.Throws<InvalidOperationException>(() => item.Execute());
        Assert.Equal("padata work item 0 is bound to no job.", e.Message);
    }

    [Fact]
    public void A_workqueue_refuses_a_negative_size_and_null_items()
    {
        Assert.Equal("maxWorkers", Assert.Throws<ArgumentOutOfRangeException>(() => new Workqueue(-1)).ParamName);
        using var queue = new Workqueue(1);
        Assert.Equal(1, queue.MaxWorkers);
        Assert.Equal("item", Assert.Throws<ArgumentNullException>(() => queue.Queue(null!)).ParamName);
        Assert.Equal("items", Assert.Throws<ArgumentNullException>(() => queue.QueueAll(null!)).ParamName);
        Assert.Equal(0, queue.WorkerCount);
    }

    [Fact]
    public void An_empty_batch_is_a_no_op_even_on_a_workqueue_that_could_run_nothing()
    {
        // The engine queues the helpers it was granted, none on an empty pool; that must not throw.
        using var none = new Workqueue(0);
        none.QueueAll([]);
        var stopped = new Workqueue(1);
        stopped.Dispose();
        stopped.QueueAll([]);
        Assert.Equal(0, stopped.WorkerCount);
    }

    [Fact]
    public void A_workqueue_without_workers_names_the_reason()
    {
        using var none = new Workqueue(0);
        var e = Assert.Throws<InvalidOperationException>(() => none.Queue(new Item(() => { })));
        Assert.Equal("This workqueue has no worker threads; nothing queued on it would ever run.", e.Message);
    }

    [Fact]
    public void A_workqueue_starts_one_thread_per_item_that_finds_no_idle_one_up_to_its_limit()
    {
        var queue = new Workqueue(2);
        using var release = new ManualResetEventSlim();
        int ran = 0;
        var blocking = new Item(() => { release.Wait(Bound); Interlocked.Increment(ref ran); });
        try
        {
            // Three items while none can finish: two threads, the third item waits in the queue.
            queue.QueueAll([blocking, blocking, blocking]);
            Assert.Equal(2, queue.WorkerCount);
            release.Set();
            var deadline = DateTime.UtcNow + Bound;
            while (Volatile.Read(ref ran) < 3 && DateTime.UtcNow < deadline)
                Thread.Yield();
            Assert.True(Volatile.Read(ref ran) == 3, $"{ran} of 3 items ran within {Bound} on a workqueue of 2 threads");
        }
        finally
        {
            ReleaseAndJoin(queue, release);
        }
        Assert.Equal(2, queue.WorkerCount);
    }

    [Fact]
    public void An_idle_worker_is_woken_for_the_next_item_instead_of_a_new_thread()
    {
        var queue = new Workqueue(2);
        using var first = new ManualResetEventSlim();
        using var second = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var both = new CountdownEvent(2);
        try
        {
            queue.Queue(new Item(first.Set));
            Assert.True(first.Wait(Bound), "the first item did not run");
            // The worker counts itself idle after its item, under the gate; wait until it has, so the
            // next item finds it idle (its sleep on the wake-up semaphore).
            var deadline = DateTime.UtcNow + Bound;
            while (Idle(queue) != 1 && DateTime.UtcNow < deadline)
                Thread.Yield();
            Assert.True(Idle(queue) == 1, "the worker never went idle");
            queue.Queue(new Item(second.Set));
            Assert.True(second.Wait(Bound), $"an item queued for an idle worker did not run within {Bound}: a lost wake-up");
            Assert.Equal(1, queue.WorkerCount);
            // Idle again, one sleeper: of two items that cannot finish, one wakes it, the other starts a thread.
            deadline = DateTime.UtcNow + Bound;
            while (Idle(queue) != 1 && DateTime.UtcNow < deadline)
                Thread.Yield();
            // Both items may still be between both.Signal() and release.Wait() when the test goes on:
            // the events must outlive them (see ReleaseAndJoin).
            var blocking = new Item(() => { both.Signal(); release.Wait(Bound); });
            queue.QueueAll([blocking, blocking]);
            Assert.Equal(2, queue.WorkerCount);
            Assert.True(both.Wait(Bound), "two items on two workers did not both start");
        }
        finally
        {
            ReleaseAndJoin(queue, release);
        }
    }

    /// <summary>
    /// Releases the items blocked on <paramref name="release"/> and disposes <paramref name="queue"/>,
    /// which joins its threads (bounded), before the test's events are disposed. An item on its way
    /// into a wait on an event the test already disposed would throw ObjectDisposedException on a
    /// workqueue thread, where nothing catches it: the test host would die (a crash, not a failure).
    /// </summary>
    private static void ReleaseAndJoin(Workqueue queue, ManualResetEventSlim release, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        release.Set();
        Bounded.Call(() => { queue.Dispose(); return 0; }, null, "Dispose (joining the workqueue's threads)", bound: null,
                     Bounded.TestName(test, nameof(PoolAndWorkqueueContractTests)));
    }

    private static int Idle(Workqueue queue) => queue.Snapshot().Idle;

    [Fact]
    public void Dispose_wakes_idle_workers_and_joins_them_and_a_second_dispose_is_a_no_op()
    {
        var queue = new Workqueue(2);
        using var release = new ManualResetEventSlim();
        int ran = 0;
        var item = new Item(() => { release.Wait(Bound); Interlocked.Increment(ref ran); });
        queue.QueueAll([item, item]);
        release.Set();
        var deadline = DateTime.UtcNow + Bound;
        while (Idle(queue) < 2 && DateTime.UtcNow < deadline)
            Thread.Yield();
        Assert.True(Idle(queue) == 2, "the two workers never went idle");
        Exception? error = null;
        // An exception on a thread of its own must fail this test, not end the test process.
        var disposer = new Thread(() =>
        {
            try { queue.Dispose(); queue.Dispose(); }
            catch (Exception e) { error = e; }
        });
        disposer.Start();
        Assert.True(disposer.Join(Bound), $"Dispose did not return within {Bound}: idle workers were not woken");
        Assert.Null(error);
        Assert.Equal(2, ran);
    }

    [Fact]
    public void A_work_item_may_dispose_its_own_workqueue()
    {
        var queue = new Workqueue(1);
        using var done = new ManualResetEventSlim();
        queue.Queue(new Item(() => { queue.Dispose(); done.Set(); }));
        Assert.True(done.Wait(Bound), $"a work item disposing its own workqueue did not return within {Bound} (it joined itself)");
        Assert.Throws<ObjectDisposedException>(() => queue.Queue(new Item(() => { })));
    }
}
