namespace Padata.Properties;

/// <summary>
/// Test-side record of what each chunk of a job with undo did and undid, in one global order:
/// thread-function calls (started, returned normally or threw) and undo calls, each stamped with a
/// sequence number and the thread it ran on. Thread-safe (one lock); the engine never sees it.
/// The contract of <see cref="MultithreadedJob.UndoFunction"/> is stated over this record, not
/// over anything the engine reports about itself.
/// </summary>
public sealed class UndoLedger
{
    private readonly object gate = new();
    private readonly List<Event> events = [];
    private int running;

    public enum Kind { Started, Returned, Threw, Undone }

    public sealed record Event(int Sequence, Kind Kind, Chunk Chunk, int Thread, int RunningAtThatMoment);

    public IReadOnlyList<Event> Events
    {
        get
        {
            lock (gate)
                return [.. events];
        }
    }

    public void Started(Chunk chunk) => Add(Kind.Started, chunk, +1);

    public void Returned(Chunk chunk) => Add(Kind.Returned, chunk, -1);

    public void Threw(Chunk chunk) => Add(Kind.Threw, chunk, -1);

    public void Undone(Chunk chunk) => Add(Kind.Undone, chunk, 0);

    private void Add(Kind kind, Chunk chunk, int runningDelta)
    {
        lock (gate)
        {
            running += runningDelta;
            events.Add(new Event(events.Count, kind, chunk, Environment.CurrentManagedThreadId, running));
        }
    }

    public IEnumerable<Chunk> Of(Kind kind) => Events.Where(e => e.Kind == kind).Select(e => e.Chunk);
}
