namespace Padata;

/// <summary>
/// An unbound workqueue (the kernel's <c>system_unbound_wq</c>): long-lived worker threads that
/// take queued items in FIFO order and sleep while the queue is empty (an item that makes the
/// workqueue start a thread is handed to that thread directly). Like the kernel's worker
/// pools it starts a thread only when an item finds no idle one (or all of them at once, asleep, when
/// asked: <see cref="StartIdleWorkers"/>), up to <see cref="MaxWorkers"/>,
/// and keeps it until disposal; a busy system therefore reuses its threads, and an engine whose
/// jobs never need helpers never starts one.
/// <para>
/// Dispose stops intake (a later <see cref="Queue"/> throws <see cref="ObjectDisposedException"/>),
/// then lets the workers drain every item already queued before they exit and are joined. Queued
/// items are never dropped: a padata caller sleeps until its helpers have run, so dropping one
/// would leave that caller waiting forever. A helper its caller cancelled (renice-or-cancel) stays
/// queued: cancelling is decided in its job (<see cref="JobState"/>), and the helper, taken like any
/// other item, does nothing (<see cref="IWorkItem.Execute"/> returns false).
/// </para>
/// <para>
/// Worker threads run at the lowest priority (<see cref="HelperPriority"/>); a thread is raised only
/// by the caller of the helper it is running, under that job's lock, where the helper sets it back.
/// </para>
/// </summary>
internal sealed class Workqueue : IDisposable
{
    private readonly object gate = new();
    private readonly Queue<IWorkItem> pending = new();
    private readonly List<WorkqueueThread> workers = [];

    [ThreadStatic]
    private static WorkqueueThread? current;

    // Invariants under gate: `idle` counts workers that found the queue empty and sleep (or are
    // about to sleep) on `wakeups`; a wake-up is released only after taking one off `idle`, so
    // there are never more wake-ups than sleepers. A worker looks at the queue under the gate
    // before it counts itself idle, so an item queued before that is seen, and one queued after
    // it finds the worker idle and wakes it: no wake-up is lost.
    private readonly SemaphoreSlim wakeups = new(0);
    private int idle;
    private bool stopping;
    // Items given to a thread so far (handed or taken), less those that found themselves cancelled
    // when they ran; those are counted as cancelled at the worker's next acquisition of the gate, so
    // until then a cancelled item still counts as taken.
    private int taken;
    private int cancelled;

    /// <param name="maxWorkers">Most worker threads it starts; 0 is legal (nothing may then be queued).</param>
    public Workqueue(int maxWorkers)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxWorkers);
        MaxWorkers = maxWorkers;
    }

    public int MaxWorkers { get; }

    /// <summary>The workqueue thread the caller runs on, or null on any other thread.</summary>
    public static WorkqueueThread? CurrentThread => current;

    /// <summary>Worker threads started so far.</summary>
    public int WorkerCount
    {
        get
        {
            lock (gate)
                return workers.Count;
        }
    }

    /// <summary>One reading under the gate (for <see cref="EngineState"/>): items waiting, threads started, idle and raised, helpers run and found cancelled so far.</summary>
    internal (int Queued, int Workers, int Idle, int Raised, int Taken, int Cancelled) Snapshot()
    {
        lock (gate)
        {
            // Raised is written under the lock of the job a thread runs; read here for diagnostics
            // only (exact once the thread is idle or joined).
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
                IWorkItem item = items[i];
                if (idle > 0)
                {
                    idle--;
                    wake++;
                    pending.Enqueue(item);
                }
                else if (workers.Count < MaxWorkers)
                {
                    // A new thread is handed its first item directly instead of finding it in
                    // the queue: nobody else could take it first (the idle workers are already
                    // accounted for), and it saves the thread a trip through the gate.
                    taken++;
                    StartWorker(item);
                }
                else
                {
                    // Every worker is busy, and each looks at the queue again when it is done.
                    pending.Enqueue(item);
                }
            }
        }
        if (wake > 0)
            wakeups.Release(wake);
    }

    /// <summary>
    /// Starts worker threads until there are <see cref="MaxWorkers"/>, each asleep on the queue until
    /// an item is queued (the kernel's initial workers, created with their pools at boot), so that no
    /// later item waits for a thread to start. Returns how many it started.
    /// </summary>
    public int StartIdleWorkers()
    {
        int started = 0;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(stopping, this);
            for (; workers.Count < MaxWorkers; started++)
            {
                // Counted idle before it runs: it goes straight to sleep on the wake-ups, and an item
                // queued before it gets there must find it idle and release its wake-up (see above).
                idle++;
                StartWorker(null);
            }
        }
        return started;
    }

    /// <summary>Called under the gate. A method of its own so that only a start allocates the closure.</summary>
    private void StartWorker(IWorkItem? first)
    {
        // Background: a process that never disposes its engine (the lazily created default) must
        // still be able to exit. Unnamed on purpose: Coyote's controlled scheduler keeps track of
        // the threads it controls by name, and a renamed thread escapes its control. Started under
        // the gate, so Dispose never joins a thread that has not started.
        var self = new WorkqueueThread();
        self.Thread = new Thread(() => WorkerLoop(self, first)) { IsBackground = true };
        workers.Add(self);
        self.Thread.Start();
    }

    private void WorkerLoop(WorkqueueThread self, IWorkItem? first)
    {
        // Helpers run at the lowest priority (ktask: MAX_NICE); only a waiting caller raises one.
        current = self;
        self.OsId = HelperPriority.CurrentThreadId();
        HelperPriority.SetLowest(self.OsId);
        IWorkItem? item = first;
        while (true)
        {
            bool? ran = null;
            if (item is null)
                wakeups.Wait();
            else
                ran = item.Execute();
            lock (gate)
            {
                if (ran == false)
                {
                    taken--;
                    cancelled++;
                }
                if (pending.TryDequeue(out item))
                    taken++;
                else
                {
                    // Drain before exiting: see the class comment.
                    if (stopping)
                        return;
                    idle++;
                }
            }
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
