namespace Padata.Harness;

/// <summary>
/// The events of one schedule, appended by caller threads and by thread functions.
/// <para>
/// Deliberately unsynchronized. Under the controlled scheduler exactly one controlled thread runs
/// between two scheduling points, and a plain list append contains none, so appends cannot
/// interleave or be lost; a lock or an Interlocked here would add scheduling points inside every
/// thread function and multiply the schedules to explore without exposing any engine
/// interleaving (the thread function touches only its own units). Never used natively.
/// </para>
/// </summary>
public sealed class ExecutionLog
{
    private readonly List<ExecutionEvent> events = [];
    private readonly Dictionary<int, string> workerNames = [];

    public void Add(string job, EventKind kind, Chunk chunk = default) =>
        events.Add(new ExecutionEvent(events.Count, WorkerName(), job, kind, chunk));

    [ThreadStatic]
    private static string? callerName;

    /// <summary>
    /// Names the current thread for the log. <see cref="Thread.Name"/> cannot be used: Coyote
    /// tracks the threads it controls by name, so renaming one would take it out of control.
    /// </summary>
    public static void NameCurrentThread(string name) => callerName = name;

    /// <summary>
    /// Callers carry the name the scenario gave them; workqueue threads are numbered in the order
    /// they first appear in this schedule, so a replay names them the same way every time.
    /// </summary>
    public string WorkerName()
    {
        if (callerName is not null)
            return callerName;
        int id = Environment.CurrentManagedThreadId;
        if (!workerNames.TryGetValue(id, out string? name))
            workerNames[id] = name = $"kworker#{workerNames.Count + 1}";
        return name;
    }

    /// <summary>A readable account: every event in order, then who finished last and when each caller woke.</summary>
    public string Account()
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
}
