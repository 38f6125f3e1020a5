namespace Padata.Harness.Records;

/// <summary>
/// The events of one schedule, appended by caller threads and by thread functions.
/// <para>
/// Deliberately unsynchronized. Under the controlled scheduler exactly one controlled thread runs
/// between two scheduling points, and an append contains none, so appends cannot interleave or be
/// lost; a lock or an Interlocked here would add scheduling points inside every thread function
/// and multiply the schedules to explore without exposing any engine interleaving (the thread
/// function touches only its own units). Native conformance runs record on a locked log of their
/// own (<c>NativeRecorder</c>, which the scenario gets from its <see cref="World"/>).
/// </para>
/// <para>
/// That has to hold with memory-access interleaving too (the <c>races/</c> entries): Coyote 1.7.11's
/// rewriter then puts a scheduling point before every <c>ldfld</c>/<c>stfld</c> of the harness as well,
/// and <c>SchedulingPoint.Suppress</c> does not remove those (they are scheduled as not
/// suppressible). Harness records are therefore written so that no field load or store falls
/// between a read of shared state and the write that depends on it: a read-modify-write of a
/// field or captured local would lose updates, and the oracles would blame the engine for them.
/// Here: the step number and the append are one step on a local copy of the list; ledger
/// counters are auto-properties (the rewriter leaves accessor bodies alone, and the call site has
/// no field access between get and set).
/// </para>
/// </summary>
internal class ExecutionLog
{
    private readonly List<ExecutionEvent> events = [];
    private readonly Dictionary<int, string> workerNames = [];

    public virtual void Add(string job, EventKind kind, Chunk chunk = default)
    {
        string worker = WorkerName();
        List<ExecutionEvent> list = events;
        list.Add(new ExecutionEvent(list.Count, worker, job, kind, chunk));
    }

    /// <summary>Every event so far, in order (for the timeline a replay draws; never read while exploring).</summary>
    public virtual IReadOnlyList<ExecutionEvent> Events => events;

    /// <summary>Events of <paramref name="kind"/> for <paramref name="job"/> so far.</summary>
    public int Count(string job, EventKind kind)
    {
        List<ExecutionEvent> list = events;
        return list.Count(e => e.Job == job && e.Kind == kind);
    }

    /// <summary>How the names of workqueue threads (every thread not named by the scenario) begin.</summary>
    public const string WorkqueueThreadPrefix = "kworker";

    [ThreadStatic]
    private static string? callerName;

    /// <summary>The name the scenario gave the current thread, if it is one of its callers.</summary>
    protected static string? CallerName => callerName;

    /// <summary>
    /// Names the current thread for the log. <see cref="Thread.Name"/> cannot be used: Coyote
    /// tracks the threads it controls by name, so renaming one would take it out of control.
    /// </summary>
    public static void NameCurrentThread(string name) => callerName = name;

    /// <summary>
    /// Callers carry the name the scenario gave them; workqueue threads are numbered in the order
    /// they first appear in this schedule, so a replay names them the same way every time.
    /// </summary>
    public virtual string WorkerName()
    {
        if (callerName is not null)
            return callerName;
        int id = Environment.CurrentManagedThreadId;
        if (!workerNames.TryGetValue(id, out string? name))
            workerNames[id] = name = $"{WorkqueueThreadPrefix}#{workerNames.Count + 1}";
        return name;
    }

    /// <summary>A readable account: every event in order, then who finished last and when each caller woke.</summary>
    public virtual string Account()
    {
        var text = new System.Text.StringBuilder();
        foreach (ExecutionEvent e in events)
            text.AppendLine(e.ToString());
        foreach (var job in events.GroupBy(e => e.Job))
        {
            ExecutionEvent? lastChunk = job.LastOrDefault(e => e.Kind is EventKind.ChunkReturned or EventKind.ChunkThrew);
            ExecutionEvent? woke = job.FirstOrDefault(e => e.Kind is EventKind.CallerReturned or EventKind.CallerThrew);
            if (lastChunk is not null)
                text.AppendLine($"job {job.Key}: last chunk {lastChunk.Chunk} finished by {lastChunk.Worker} at step {lastChunk.Step}");
            text.AppendLine(woke is null
                ? $"job {job.Key}: the caller never returned"
                : $"job {job.Key}: caller {woke.Worker} woke and returned at step {woke.Step}");
        }
        return text.ToString();
    }

    /// <summary>What the schedule decided: <see cref="Encode"/> of its events.</summary>
    public virtual string Outcome() => Encode(events);

    /// <summary>
    /// The one outcome encoding, shared by the controlled schedules and the native conformance runs
    /// (which record the same events on real threads): what the events decided, independent of the
    /// order of steps that commute. For each job, which worker ran which chunk, and whether its
    /// caller returned or threw. Workqueue threads (named <see cref="WorkqueueThreadPrefix"/>...) are
    /// named by the lowest chunk each ran (<c>helper1</c> ran the lowest of theirs), because which
    /// idle thread picked a work item up is no outcome of the job.
    /// </summary>
    public static string Encode(IReadOnlyList<ExecutionEvent> list)
    {
        var text = new System.Text.StringBuilder();
        foreach (var job in list.GroupBy(e => e.Job).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var chunks = job.Where(e => e.Kind == EventKind.ChunkStarted).OrderBy(e => e.Chunk.Start).ToList();
            var helpers = chunks.Select(e => e.Worker).Where(w => w.StartsWith(WorkqueueThreadPrefix, StringComparison.Ordinal)).Distinct().ToList();
            text.Append("job ").Append(job.Key).Append(':');
            foreach (ExecutionEvent chunk in chunks)
            {
                int helper = helpers.IndexOf(chunk.Worker);
                text.Append(' ').Append(chunk.Chunk).Append('=').Append(helper >= 0 ? $"helper{helper + 1}" : chunk.Worker);
            }
            ExecutionEvent? end = job.FirstOrDefault(e => e.Kind is EventKind.CallerReturned or EventKind.CallerThrew);
            text.Append(end is null ? ", caller never returned" : end.Kind == EventKind.CallerThrew ? ", caller threw" : ", caller returned").Append('\n');
        }
        return text.ToString();
    }
}
