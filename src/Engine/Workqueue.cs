namespace Padata;

/// <summary>
/// An unbound workqueue (the kernel's <c>system_unbound_wq</c>): long-lived worker threads that
/// take queued items in FIFO order and sleep while the queue is empty (an item that makes the
/// workqueue start a thread is queued too, and that thread takes it like any other). Like the kernel's worker
/// pools it starts a thread only when an item finds no idle one, up to <see cref="MaxWorkers"/>,
/// and keeps it until disposal; a busy system therefore reuses its threads, and an engine whose
/// jobs never need helpers never starts one.
/// <para>
/// Dispose stops intake (a later <see cref="Queue"/> throws <see cref="ObjectDisposedException"/>),
/// then lets the workers drain every item already queued before they exit and are joined. Queued
/// items are never dropped: a padata caller sleeps until its helpers have run, so dropping one
/// would leave that caller waiting forever. The only way out of the queue other than being run is
/// <see cref="CancelOrRaise"/>, by the item's own caller, which then counts it out of its job.
/// </para>
/// <para>
/// Worker threads run at the lowest priority (<see cref="HelperPriority"/>); a thread is raised
/// only by the caller of the item it is running, and sets itself back when that item ends.
/// </para>
/// </summary>
internal sealed class Workqueue : IDisposable
{
    private readonly object gate = new();
    // FIFO, as a list so a caller can cancel its item wherever it is (at most one entry per pool
    // item, so a removal is short and nothing is allocated per queued item).
    private readonly List<IWorkItem> pending = [];
    private readonly List<WorkqueueThread> workers = [];

    // Invariants under gate: `idle` counts workers that found the queue empty and sleep (or are
    // about to sleep) on `wakeups`; a wake-up is released only after taking one off `idle`, so
    // there are never more wake-ups than sleepers. A worker looks at the queue under the gate
    // before it counts itself idle, so an item queued before that is seen, and one queued after
    // it finds the worker idle and wakes it: no wake-up is lost. A woken worker may find the queue
    // empty (its item was cancelled); it then counts itself idle again.
    // Every item queued is, exactly once, either taken by a worker (`taken`) or removed by
    // CancelOrRaise (`cancelled`): both happen under the gate and both remove it from `pending`.
    private readonly SemaphoreSlim wakeups = new(0);
    private int idle;
    private bool stopping;
    private int taken;
    private int cancelled;

    /// <param name="maxWorkers">Most worker threads it starts; 0 is legal (nothing may then be queued).</param>
    public Workqueue(int maxWorkers)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxWorkers);
        MaxWorkers = maxWorkers;
    }

    public int MaxWorkers { get; }

    /// <summary>Worker threads started so far.</summary>
    public int WorkerCount
    {
        get
        {
            lock (gate)
                return workers.Count;
        }
    }

    /// <summary>One reading under the gate (for <see cref="EngineState"/>): items waiting, threads started, idle and raised, items taken and cancelled so far.</summary>
    internal (int Queued, int Workers, int Idle, int Raised, int Taken, int Cancelled) Snapshot()
    {
        lock (gate)
        {
            int raised = 0;
            foreach (WorkqueueThread worker in workers)
                if (worker.Raised)
                    raised++;
            return (pending.Count, workers.Count, idle, raised, taken, cancelled);
        }
    }

    /// <summary>Queues an item for an idle worker, a new one, or the next busy one to finish.</summary>
    public void Queue(IWorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        QueueAll([item]);
    }

    /// <summary>
    /// Queues several items in one step: all of them, or (when the workqueue is stopping or has no
    /// workers) none. One critical section for the lot, because a padata caller queues all its
    /// helpers at once, and each extra acquisition of the gate is one more point where the helpers
    /// already started contend with their caller.
    /// </summary>
    public void QueueAll(IReadOnlyList<IWorkItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (int i = 0; i < items.Count; i++)
            if (items[i] is null)
                throw new ArgumentException($"items[{i}] is null.", nameof(items));
        if (items.Count == 0)
            return;

        int wake = 0;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(stopping, this);
            if (MaxWorkers == 0)
                throw new InvalidOperationException("This workqueue has no worker threads; nothing queued on it would ever run.");
            // Indexed: enumerating an array through IReadOnlyList would allocate an enumerator.
            for (int i = 0; i < items.Count; i++)
            {
                // Every item goes through the queue, a new thread's first one included: until a
                // worker takes it under the gate it has not started and can still be cancelled.
                pending.Add(items[i]);
                if (idle > 0)
                {
                    idle--;
                    wake++;
                }
                else if (workers.Count < MaxWorkers)
                {
                    StartWorker();
                }
                // Otherwise every worker is busy, and each looks at the queue again when it is done.
            }
        }
        if (wake > 0)
            wakeups.Release(wake);
    }

    /// <summary>
    /// For a caller about to wait on its helpers <paramref name="items"/> (renice-or-cancel): each
    /// one still queued is removed, so it never runs, and counted; the thread running each of the
    /// others is raised to nice <paramref name="nice"/> until that item ends (one already finished
    /// has nothing to raise). Returns how many were cancelled; the caller must count them out of
    /// its job. Works while stopping too: a cancelled item is then simply not drained.
    /// </summary>
    public int CancelOrRaise(IReadOnlyList<IWorkItem> items, int nice)
    {
        int removed = 0;
        lock (gate)
        {
            // The test and the removal are one critical section with the workers' take (WorkerLoop):
            // an item is either still queued here and removed, so no worker can take it, or already
            // taken and left alone; never both, never neither.
            for (int i = 0; i < items.Count; i++)
            {
                if (pending.Remove(items[i]))
                {
                    removed++;
                    continue;
                }
                // Raised under the gate, where the worker also lowers itself when the item ends: a
                // raise can never land on a thread that has moved on to another item.
                foreach (WorkqueueThread worker in workers)
                {
                    if (ReferenceEquals(worker.Running, items[i]) && !worker.Raised && nice < HelperPriority.LowestNice)
                    {
                        HelperPriority.Raise(worker.OsId, nice);
                        worker.Raised = true;
                    }
                }
            }
            cancelled += removed;
        }
        return removed;
    }

    /// <summary>Called under the gate. A method of its own so that only a start allocates the closure.</summary>
    private void StartWorker()
    {
        // Background: a process that never disposes its engine (the lazily created default) must
        // still be able to exit. Unnamed on purpose: Coyote's controlled scheduler keeps track of
        // the threads it controls by name, and a renamed thread escapes its control. Started under
        // the gate, so Dispose never joins a thread that has not started.
        var self = new WorkqueueThread();
        self.Thread = new Thread(() => WorkerLoop(self)) { IsBackground = true };
        workers.Add(self);
        self.Thread.Start();
    }

    private void WorkerLoop(WorkqueueThread self)
    {
        // Helpers run at the lowest priority (ktask: MAX_NICE); only a waiting caller raises one.
        self.OsId = HelperPriority.CurrentThreadId();
        HelperPriority.SetLowest(self.OsId);
        bool sleep = false;
        while (true)
        {
            if (sleep)
                wakeups.Wait();
            IWorkItem? item = null;
            lock (gate)
            {
                // The item just run has ended: back to the lowest priority under the gate, so no
                // caller raises this thread for an item it is no longer running.
                if (self.Raised)
                {
                    HelperPriority.SetLowest(self.OsId);
                    self.Raised = false;
                }
                self.Running = null;
                if (pending.Count > 0)
                {
                    // Taking it is what makes it started: from here CancelOrRaise cannot remove it.
                    item = pending[0];
                    pending.RemoveAt(0);
                    self.Running = item;
                    taken++;
                }
                else
                {
                    // Drain before exiting: see the class comment.
                    if (stopping)
                        return;
                    idle++;
                }
            }
            sleep = item is null;
            item?.Execute();
        }
    }

    /// <summary>Stops intake, runs what is queued, and joins every worker thread.</summary>
    public void Dispose()
    {
        Thread[] started;
        int sleepers;
        lock (gate)
        {
            if (stopping)
                return;
            stopping = true;
            sleepers = idle;
            idle = 0;
            started = [.. workers.Select(w => w.Thread)];
        }
        if (sleepers > 0)
            wakeups.Release(sleepers);
        foreach (Thread worker in started)
        {
            // A work item that disposes its own workqueue must not join itself.
            if (worker != Thread.CurrentThread)
                worker.Join();
        }
    }
}
