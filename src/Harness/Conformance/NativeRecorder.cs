namespace Padata.Harness.Conformance;

/// <summary>
/// The events of one native run, appended by real threads at once: under a lock, unlike the
/// controlled <see cref="ExecutionLog"/> (whose appends must add no scheduling point). The events and
/// the encoding (<see cref="ExecutionLog.Encode"/>) are the controlled run's.
/// </summary>
internal sealed class NativeRecorder
{
    private readonly object gate = new();
    private readonly List<ExecutionEvent> events = [];

    [ThreadStatic]
    private static string? threadName;

    /// <summary>Names a caller thread; every other thread is a workqueue thread, named by its managed id.</summary>
    public static void NameCurrentThread(string name) => threadName = name;

    public void Add(string job, EventKind kind, Chunk chunk = default)
    {
        string worker = threadName ?? $"{ExecutionLog.WorkqueueThreadPrefix}@{Environment.CurrentManagedThreadId}";
        // The step number and the append are one atomic step: events are numbered in the order they were logged.
        lock (gate)
            events.Add(new ExecutionEvent(events.Count, worker, job, kind, chunk));
    }

    public IReadOnlyList<ExecutionEvent> Events
    {
        get
        {
            lock (gate)
                return [.. events];
        }
    }

    public string Outcome() => ExecutionLog.Encode(Events);

    public string Account() => string.Join(Environment.NewLine, Events);
}
