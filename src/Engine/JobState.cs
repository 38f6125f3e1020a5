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

    // Per helper, under the gate: Queued until it starts (its first acquisition of the gate) or its
    // caller cancels it (the caller's finish), whichever comes first; Retired if it was never queued.
    private const int Queued = 0, Started = 1, Cancelled = 2, Retired = 3;
    private const int CallerIndex = -1;
    private readonly int[] helperState;
    // The workqueue thread running each started helper until it finishes (for the caller's raise).
    private readonly WorkqueueThread?[] helperThread;

    // A per-node job's ranges (docs/design.md §7.3.1), or null for a job of one range (position and
    // remaining above). Guarded by the gate like them.
    private readonly NodeRanges? ranges;
    private readonly int[]? helperNodes;
    private readonly int callerNode;
    private readonly bool anywhere;

    public JobState(MultithreadedJob job, ulong chunkSize, int workers)
    {
        helperState = new int[workers - 1];
        helperThread = new WorkqueueThread?[workers - 1];
        threadFunction = job.ThreadFunction;
        this.chunkSize = chunkSize;
        this.workers = workers;
        position = job.Start;
        remaining = job.Size;
    }

    /// <summary>A per-node job run by its caller and one helper on each of <paramref name="helperNodes"/>.</summary>
    public JobState(PerNodeJob job, NodeRanges ranges, int[] helperNodes)
    {
        helperState = new int[helperNodes.Length];
        helperThread = new WorkqueueThread?[helperNodes.Length];
        threadFunction = job.ThreadFunction;
        workers = 1 + helperNodes.Length;
        this.ranges = ranges;
        this.helperNodes = helperNodes;
        callerNode = job.Node;
        anywhere = job.Anywhere;
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

    /// <summary>
    /// Helper <paramref name="index"/>'s share: the helper loop, and the wake-up of the caller if this
    /// helper finished last. Returns false, having done nothing, if its caller cancelled it first.
    /// </summary>
    public bool RunHelper(int index)
    {
        bool done = RunWorker(null, index);
        // Read without the gate: this helper's own critical section decided it (started or
        // cancelled), and nobody changes it after that.
        if (helperState[index] == Cancelled)
            return false;
        // Last touch of the job by this helper: after Complete the caller may return, give the
        // work items back, and another job may bind them.
        if (done)
            completion.Complete();
        return true;
    }

    /// <summary>
    /// The caller's share, starting with <paramref name="first"/>; returns once every worker has
    /// finished or been cancelled. A caller that finished last has nothing to wait for: every
    /// helper counted itself finished before it did, and none signals. Otherwise, before it waits
    /// (renice-or-cancel, docs/design.md §7.2), in the critical section of its own finish, it cancels
    /// its helpers that have not started and counts them out, and raises the running ones to its own
    /// priority (<see cref="CancelOrRaise"/>), so it never sleeps on a helper that has not started.
    /// </summary>
    public void RunCaller(Chunk? first)
    {
        if (RunWorker(first))
            return;
        completion.Wait();
    }

    /// <summary>Whether helper <paramref name="index"/> was cancelled; read by the caller after <see cref="RunCaller"/> returned.</summary>
    public bool WasCancelled(int index) => helperState[index] == Cancelled;

    /// <summary>
    /// Helpers the caller cancelled and counted out of the job (<see cref="CancelOrRaise"/>); read
    /// like <see cref="Outcome"/>, by the caller after <see cref="RunCaller"/> returned.
    /// </summary>
    public int CancelledHelpers => cancelledHelpers;

    /// <summary>
    /// Called holding the gate, by the caller when it has run out of chunks (renice-or-cancel,
    /// docs/design.md §7.2): every helper that has not started is cancelled and counted out of the
    /// job, and the thread of every helper still running is raised to the caller's priority.
    /// </summary>
    private void CancelOrRaise()
    {
        // Null: lowest-wait, the caller waits for every helper as padata does without renice-or-cancel.
        if (HelperPriority.CancelOrRaiseNice() is not int nice)
            return;
        int cancelled = 0;
        for (int i = 0; i < helperState.Length; i++)
        {
            if (helperState[i] == Queued)
            {
                helperState[i] = Cancelled;
                cancelled++;
            }
            else if (helperThread[i] is { Raised: false } thread && nice < HelperPriority.LowestNice)
            {
                HelperPriority.Raise(thread.OsId, nice);
                thread.Raised = true;
            }
        }
        workers -= cancelled;
        cancelledHelpers += cancelled;
    }

    /// <summary>
    /// The helper loop (<c>padata_mt_helper</c>), and the only place it takes or drops the gate:
    /// take the next chunk under the lock, run it without the lock, repeat until nothing remains,
    /// then count this worker finished in that same critical section. <paramref name="first"/> is
    /// a chunk already taken for this worker (the caller's), run before the first acquisition.
    /// Returns whether this worker was the last to finish: exactly one worker gets true.
    /// </summary>
    private bool RunWorker(Chunk? first, int helper = CallerIndex)
    {
        Exception? error = first is { } mine ? Run(mine) : null;
        Monitor.Enter(gate);
        // Starting and being cancelled are decided under this gate, which the caller holds when it
        // cancels: every helper does exactly one of the two, at no extra acquisition.
        if (helper != CallerIndex && !Start(helper))
        {
            Monitor.Exit(gate);
            return false;
        }
        if (error is not null)
            StopHandOut(first!.Value, error);
        while (NextChunk(helper) is { } chunk)
        {
            // The thread function runs unlocked: that is where the parallelism is.
            Monitor.Exit(gate);
            error = Run(chunk);
            Monitor.Enter(gate);
            if (error is not null)
                StopHandOut(chunk, error);
        }
        // Out of chunks: the caller cancels the helpers that have not started, in the same critical
        // section as its finish, so a helper starting now is either seen started or cancelled; a
        // helper sets itself back to the lowest priority here, where the caller raises it.
        if (helper == CallerIndex)
            CancelOrRaise();
        else
            Lower(helper);
        // The increment and the test are one critical section: split, two workers could both see
        // the final count (double completion) or an update could be lost (no completion at all).
        finished++;
        bool done = finished == workers;
        Monitor.Exit(gate);
        return done;
    }

    /// <summary>Called holding the gate: helper <paramref name="index"/> starts unless its caller cancelled it.</summary>
    private bool Start(int index)
    {
        if (helperState[index] != Queued)
            return false;
        helperState[index] = Started;
        helperThread[index] = Workqueue.CurrentThread;
        return true;
    }

    /// <summary>Called holding the gate: helper <paramref name="index"/> has finished; its thread back to the lowest priority if raised.</summary>
    private void Lower(int index)
    {
        if (helperThread[index] is { Raised: true } thread)
        {
            HelperPriority.SetLowest(thread.OsId);
            thread.Raised = false;
        }
        helperThread[index] = null;
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
        ranges?.StopHandOut();
    }

    /// <summary>
    /// Called holding the gate: the next chunk, with the position advanced past it, or null when
    /// nothing remains.
    /// </summary>
    private Chunk? NextChunk(int helper = CallerIndex)
    {
        if (ranges is not null)
            return NextInRanges(helper);
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
    /// Called holding the gate: the next chunk of a per-node job for <paramref name="helper"/>, from
    /// the ranges of its node, or, for the caller and for the helpers of an "anywhere" job, from
    /// any range once its node's are handed out (docs/design.md §7.3.1).
    /// </summary>
    private Chunk? NextInRanges(int helper)
    {
        // Under the gate, as NextChunk: the range is read and advanced in this one critical section.
        Chunk? chunk = helper == CallerIndex
            ? ranges!.Next(callerNode, anyRange: true)
            : ranges!.Next(helperNodes![helper], anyRange: anywhere);
        if (chunk is not null)
            chunksHandedOut++;
        return chunk;
    }

    /// <summary>
    /// Forgets helpers that were counted but could not be queued (the workqueue was disposed under
    /// the job), so the completion does not wait for workers that will never run. Called by the
    /// caller before it runs its own share, so <c>finished &lt; workers</c> still holds afterwards.
    /// </summary>
    public void RetireUnstartedHelpers(IReadOnlyList<int> indices)
    {
        lock (gate)
        {
            // Under the gate with the caller's cancel: a retired helper is neither cancelled nor counted out twice.
            foreach (int index in indices)
                helperState[index] = Retired;
            workers -= indices.Count;
        }
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
