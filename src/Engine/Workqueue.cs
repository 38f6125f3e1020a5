namespace Padata;

/// <summary>
/// An unbound workqueue (the kernel's <c>system_unbound_wq</c>): long-lived worker threads that
/// sleep while the queue is empty and run queued items in FIFO order.
/// <para>
/// Dispose stops intake (a later <see cref="Queue"/> throws <see cref="ObjectDisposedException"/>),
/// then lets the workers drain every item already queued before they exit and are joined. Queued
/// items are never dropped: a padata caller sleeps until its helpers have run, so dropping one
/// would leave that caller waiting forever.
/// </para>
/// </summary>
public sealed class Workqueue : IDisposable
{
    private readonly object gate = new();
    private readonly Queue<IWorkItem> pending = new();

    // One permit per queued item plus one per worker once stopping: a worker takes a permit,
    // then an item if there is one, and exits when there is none. Items are queued before the
    // stop permits, so every item is taken before the last worker exits.
    private readonly SemaphoreSlim permits = new(0);
    private readonly Thread[] workers;
    private bool stopping;

    /// <param name="workerCount">Worker threads to start; 0 is legal (nothing may then be queued).</param>
    public Workqueue(int workerCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workerCount);
        workers = new Thread[workerCount];
        for (int i = 0; i < workerCount; i++)
        {
            // Background: a process that never disposes its engine (the lazily created default)
            // must still be able to exit. Unnamed on purpose: Coyote's controlled scheduler keeps
            // track of the threads it controls by name, and a renamed thread escapes its control.
            workers[i] = new Thread(WorkerLoop) { IsBackground = true };
            workers[i].Start();
        }
    }

    public int WorkerCount => workers.Length;

    /// <summary>Queues an item for the next idle worker.</summary>
    public void Queue(IWorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(stopping, this);
            if (workers.Length == 0)
                throw new InvalidOperationException("This workqueue has no worker threads; nothing queued on it would ever run.");
            pending.Enqueue(item);
        }
        permits.Release();
    }

    private void WorkerLoop()
    {
        while (true)
        {
            permits.Wait();
            IWorkItem item;
            lock (gate)
            {
                // No item for this permit: it is a stop permit and the queue is drained.
                if (!pending.TryDequeue(out item!))
                    return;
            }
            item.Execute();
        }
    }

    /// <summary>Stops intake, runs what is queued, and joins every worker thread.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (stopping)
                return;
            stopping = true;
        }
        if (workers.Length > 0)
            permits.Release(workers.Length);
        foreach (Thread worker in workers)
        {
            // A work item that disposes its own workqueue must not join itself.
            if (worker != Thread.CurrentThread)
                worker.Join();
        }
    }
}
