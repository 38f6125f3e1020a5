namespace Padata;

/// <summary>
/// The shared state of one running multithreaded job (the kernel's
/// <c>struct padata_mt_job_state</c>) and the loop every worker, caller and helpers alike, runs.
/// <para>
/// Invariants, all under <see cref="gate"/>: <c>position + remaining == job end</c> until a
/// failure stops the hand-out; every unit of <c>[start, position)</c> was handed out exactly once;
/// <c>finished ≤ workers</c>, and the worker that makes <c>finished == workers</c> is the only
/// one that completes <see cref="completion"/>.
/// </para>
/// </summary>
internal sealed class JobState
{
    private readonly object gate = new();
    private readonly Completion completion = new();
    private readonly ChunkFunction threadFunction;
    private readonly ulong chunkSize;
    private readonly List<ChunkFailure> failures = [];
    private ulong position;
    private ulong remaining;
    private int workers;
    private int finished;
    private int chunksHandedOut;

    public JobState(MultithreadedJob job, ulong chunkSize, int workers)
    {
        threadFunction = job.ThreadFunction;
        this.chunkSize = chunkSize;
        this.workers = workers;
        position = job.Start;
        remaining = job.Size;
    }

    /// <summary>
    /// The helper loop (<c>padata_mt_helper</c>): take the next chunk under the lock, run it
    /// without the lock, repeat until nothing remains, then count this worker finished.
    /// </summary>
    public void RunWorker()
    {
        bool done;
        Monitor.Enter(gate);
        while (remaining > 0)
        {
            // Take the chunk and advance the position in one critical section: two workers that
            // read the position under separate acquisitions could take the same chunk.
            Chunk chunk = ChunkPlan.NextChunk(position, remaining, chunkSize);
            position = chunk.End;
            remaining -= chunk.Size;
            chunksHandedOut++;
            Monitor.Exit(gate);

            // The thread function runs unlocked: that is where the parallelism is.
            Exception? error = null;
            try
            {
                threadFunction(chunk.Start, chunk.End);
            }
            catch (Exception e)
            {
                error = e;
            }

            Monitor.Enter(gate);
            if (error is not null)
            {
                // Stop the hand-out: no worker starts a new chunk of a failed job. Workers already
                // inside a chunk finish it and then count themselves finished as usual.
                failures.Add(new ChunkFailure(chunk, error));
                remaining = 0;
            }
        }
        // The increment and the test are one critical section: split, two workers could both see
        // the final count (double completion) or an update could be lost (no completion at all).
        finished++;
        done = finished == workers;
        Monitor.Exit(gate);

        // Last touch of the job by this worker: after Complete the caller may return, give the
        // work items back, and another job may bind them.
        if (done)
            completion.Complete();
    }

    /// <summary>
    /// Forgets helpers that were counted but could not be queued (the workqueue was disposed under
    /// the job), so the completion does not wait for workers that will never run. Called by the
    /// caller before it runs its own share, so <c>finished &lt; workers</c> still holds afterwards.
    /// </summary>
    public void RetireUnstartedHelpers(int count)
    {
        lock (gate)
            workers -= count;
    }

    /// <summary>Sleeps until the last worker has finished.</summary>
    public void WaitForCompletion() => completion.Wait();

    /// <summary>The outcome; read by the caller after <see cref="WaitForCompletion"/> returned.</summary>
    public (int Workers, int Chunks, IReadOnlyList<ChunkFailure> Failures) Outcome()
    {
        lock (gate)
            return (workers, chunksHandedOut, failures.ToArray());
    }
}
