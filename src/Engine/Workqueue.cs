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
    private readonly Thread[] workers;
    private bool stopping;

    /// <param name="workerCount">Worker threads to start; 0 is legal (nothing may then be queued).</param>
    /// <param name="name">Prefix of the worker threads' names.</param>
    public Workqueue(int workerCount, string name = "padata-kworker")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workerCount);
        ArgumentNullException.ThrowIfNull(name);
        workers = new Thread[workerCount];
        for (int i = 0; i < workerCount; i++)
        {
            // Background: a process that never disposes its engine (the lazily created default)
            // must still be able to exit.
            workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"{name}/{i}" };
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
            // One item needs one worker: Pulse, not PulseAll.
            Monitor.Pulse(gate);
        }
    }

    private void WorkerLoop()
    {
        while (true)
        {
            IWorkItem item;
            lock (gate)
            {
                while (pending.Count == 0 && !stopping)
                    Monitor.Wait(gate);
                // Drain before exiting: see the class comment.
                if (pending.Count == 0)
                    return;
                item = pending.Dequeue();
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
            Monitor.PulseAll(gate);
        }
        foreach (Thread worker in workers)
        {
            // A work item that disposes its own workqueue must not join itself.
            if (worker != Thread.CurrentThread)
                worker.Join();
        }
    }
}
