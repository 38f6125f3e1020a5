namespace Padata;

/// <summary>
/// The shared state of one running multithreaded job (the kernel's
/// <c>struct padata_mt_job_state</c>) and the loop every worker, caller and helpers alike, runs.
/// <para>
/// Invariants, all under <see cref="gate"/>: <c>position + remaining == job end</c> until a
/// failure stops the hand-out; every unit of <c>[start, position)</c> was handed out exactly once;
/// <c>finished ≤ workers</c>, where <c>workers</c> no longer counts helpers the caller cancelled
/// before they started; the worker that makes <c>finished == workers</c> is the only one that
/// completes <see cref="completion"/> (or, when the caller's count-out makes it so, nobody does and
/// the caller does not wait).
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
    private int cancelledHelpers;

    public JobState(MultithreadedJob job, ulong chunkSize, int workers)
    {
        threadFunction = job.ThreadFunction;
        this.chunkSize = chunkSize;
        this.workers = workers;
        position = job.Start;
        remaining = job.Size;
    }

    /// <summary>
    /// The caller's first chunk, taken before any helper is queued, so the caller starts working
    /// without contending with helpers for the lock (and always does the lowest chunk). Null only
    /// for a job with nothing to hand out.
    /// </summary>
    public Chunk? TakeFirstChunk()
    {
        Monitor.Enter(gate);
        Chunk? chunk = NextChunk();
        Monitor.Exit(gate);
        return chunk;
    }

    /// <summary>A helper's share: the helper loop, and the wake-up of the caller if this helper finished last.</summary>
    public void RunHelper()
    {
        // Last touch of the job by this helper: after Complete the caller may return, give the
        // work items back, and another job may bind them.
        if (RunWorker(null))
            completion.Complete();
    }

    /// <summary>
    /// The caller's share, starting with <paramref name="first"/>; returns once every worker has
    /// finished or been cancelled. A caller that finished last has nothing to wait for: every
    /// helper counted itself finished before it did, and none signals. Otherwise, before it waits
    /// (renice-or-cancel, docs/design.md §7.2), it cancels its helpers still queued in
    /// their nodes' workqueues (<see cref="PadataEngine.CancelOrRaise"/>) and counts them out, and
    /// raises the running ones to its own priority, so it never sleeps on a helper that has not started.
    /// </summary>
    public void RunCaller(Chunk? first, PadataEngine engine, PadataWork[] queued)
    {
        if (RunWorker(first))
            return;
        if (queued.Length == 0)
        {
            completion.Wait();
            return;
        }
        // Cancelled first, counted out after: only an item the workqueue has removed, which no
        // worker can take any more, may stop counting as a worker of this job.
        int cancelled = engine.CancelOrRaise(queued, HelperPriority.CurrentNice());
        if (cancelled > 0 && CountOut(cancelled))
            return;
        completion.Wait();
    }

    /// <summary>
    /// Counts <paramref name="cancelled"/> helpers, which never started and never will, out of the
    /// job; returns whether every worker left has already finished (then nobody signals, and the
    /// caller must not wait).
    /// </summary>
    private bool CountOut(int cancelled)
    {
        Monitor.Enter(gate);
        // The decrement and the test are one critical section with every worker's finish
        // (RunWorker): a helper finishing now either sees the new count and completes, or
        // finished before it and the caller sees everyone done here; never both, never neither.
        workers -= cancelled;
        cancelledHelpers += cancelled;
        bool allFinished = finished == workers;
        Monitor.Exit(gate);
        return allFinished;
    }

    /// <summary>
    /// The helper loop (<c>padata_mt_helper</c>), and the only place it takes or drops the gate:
    /// take the next chunk under the lock, run it without the lock, repeat until nothing remains,
    /// then count this worker finished in that same critical section. <paramref name="first"/> is
    /// a chunk already taken for this worker (the caller's), run before the first acquisition.
    /// Returns whether this worker was the last to finish: exactly one worker gets true.
    /// </summary>
    private bool RunWorker(Chunk? first)
    {
        Exception? error = first is { } mine ? Run(mine) : null;
        Monitor.Enter(gate);
        if (error is not null)
            StopHandOut(first!.Value, error);
        while (NextChunk() is { } chunk)
        {
            // The thread function runs unlocked: that is where the parallelism is.
            Monitor.Exit(gate);
            error = Run(chunk);
            Monitor.Enter(gate);
            if (error is not null)
                StopHandOut(chunk, error);
        }
        // The increment and the test are one critical section: split, two workers could both see
        // the final count (double completion) or an update could be lost (no completion at all).
        finished++;
        bool done = finished == workers;
        Monitor.Exit(gate);
        return done;
    }

    /// <summary>Runs the thread function on <paramref name="chunk"/>; what it threw, or null.</summary>
    private Exception? Run(Chunk chunk)
    {
        try
        {
            threadFunction(chunk.Start, chunk.End);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>
    /// Called holding the gate, after <paramref name="chunk"/> threw. No worker starts a new chunk of
    /// a failed job; workers already inside a chunk finish it and count themselves finished as usual.
    /// </summary>
    private void StopHandOut(Chunk chunk, Exception error)
    {
        failures.Add(new ChunkFailure(chunk, error));
        remaining = 0;
    }

    /// <summary>
    /// Called holding the gate: the next chunk, with the position advanced past it, or null when
    /// nothing remains.
    /// </summary>
    private Chunk? NextChunk()
    {
        if (remaining == 0)
            return null;
        // Take the chunk and advance the position in one critical section: two workers that
        // read the position under separate acquisitions could take the same chunk.
        Chunk chunk = ChunkPlan.NextChunk(position, remaining, chunkSize);
        position = chunk.End;
        remaining -= chunk.Size;
        chunksHandedOut++;
        return chunk;
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

    /// <summary>
    /// The outcome, read by the caller after <see cref="RunCaller"/> returned. No lock:
    /// every worker wrote these fields under the gate before counting itself finished, the last
    /// one completed the completion after that, and the caller's wait on it orders all those
    /// writes before this read; no worker writes them again. The workers reported are those the
    /// job was planned for: a helper cancelled because it had not started when the caller ran out
    /// of work still counts (the chunk size was chosen with it).
    /// </summary>
    public (int Workers, int Chunks, IReadOnlyList<ChunkFailure> Failures) Outcome() =>
        (workers + cancelledHelpers, chunksHandedOut, failures.ToArray());

    /// <summary>
    /// Where the hand-out stopped: every chunk of <c>[job start, HandedOutEnd)</c>, by the chunk
    /// size rule, was handed out (in order, from the start), and nothing beyond it. Read like
    /// <see cref="Outcome"/>, after <see cref="RunCaller"/> returned, without the lock.
    /// </summary>
    public ulong HandedOutEnd => position;
}
