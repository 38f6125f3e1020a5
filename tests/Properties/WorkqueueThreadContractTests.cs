namespace Padata.Properties;

/// <summary>
/// The workqueue's threads: background threads, so that a process that never disposes its engine
/// (the lazily created default) can still exit; and no thread started once the workqueue is
/// disposed. The workqueue is internal (reached through InternalsVisibleTo): the public engine
/// never starts idle workers after its disposal, and which thread runs a helper is not part of a
/// job's result. Added for mutation testing (docs/mutation.md).
/// </summary>
public class WorkqueueThreadContractTests
{
    private sealed class Probe(Action run) : IWorkItem
    {
        public bool Execute()
        {
            run();
            return true;
        }
    }

    [Fact]
    public void Every_worker_thread_is_a_background_thread_whether_started_by_an_item_or_idle()
    {
        // One workqueue of one thread each way: the item's thread is the one started for it (handed
        // the item), and the one started idle by StartIdleWorkers.
        Assert.Equal((true, true), RunOnOnlyWorker(startIdle: false));
        Assert.Equal((true, true), RunOnOnlyWorker(startIdle: true));
    }

    /// <summary>Runs one item on a workqueue of one thread; says whether that thread was a background thread and a workqueue thread.</summary>
    private static (bool Background, bool OnWorker) RunOnOnlyWorker(bool startIdle)
    {
        var queue = new Workqueue(1);
        if (startIdle)
            Assert.Equal(1, queue.StartIdleWorkers());
        (bool, bool) seen = default;
        using var ran = new ManualResetEventSlim();
        queue.Queue(new Probe(() =>
        {
            seen = (Thread.CurrentThread.IsBackground, Workqueue.CurrentThread is not null);
            ran.Set();
        }));
        Assert.True(ran.Wait(Bounded.Current), $"an item did not run within {Bounded.Current} on {queue.Snapshot()}");
        Assert.Equal(1, queue.WorkerCount);
        Bounded.Call(() => { queue.Dispose(); return 0; }, null, "Dispose (joining the workqueue's thread)");
        return seen;
    }

    [Fact]
    public void Starting_idle_workers_on_a_disposed_workqueue_is_refused_and_starts_none()
    {
        var queue = new Workqueue(2);
        queue.Dispose();
        Assert.Throws<ObjectDisposedException>(() => queue.StartIdleWorkers());
        Assert.Equal(0, queue.WorkerCount);
    }
}
