namespace Padata.Harness.Conformance;

/// <summary>
/// The log of one native run, appended by real threads at once: under a lock (<see cref="Gate"/>,
/// which the run's bookkeeping steps hold too), unlike the controlled <see cref="ExecutionLog"/>
/// (whose appends must add no scheduling point). The events and the encoding
/// (<see cref="ExecutionLog.Encode"/>) are the controlled run's.
/// </summary>
internal sealed class NativeRecorder : ExecutionLog
{
    public object Gate { get; } = new();

    public override void Add(string job, EventKind kind, Chunk chunk = default)
    {
        // The step number and the append are one atomic step: events are numbered in the order they were logged.
        lock (Gate)
            base.Add(job, kind, chunk);
    }

    /// <summary>Callers carry the scenario's names; every other thread is a workqueue thread, named by its managed id.</summary>
    public override string WorkerName() => CallerName ?? $"{WorkqueueThreadPrefix}@{Environment.CurrentManagedThreadId}";

    public override IReadOnlyList<ExecutionEvent> Events
    {
        get
        {
            lock (Gate)
                return [.. base.Events];
        }
    }

    public override string Outcome() => Encode(Events);

    public override string Account()
    {
        lock (Gate)
            return base.Account();
    }
}
