using System.Collections.Concurrent;

namespace Padata.Properties;

/// <summary>
/// Test-side record of what a job's thread function did: a counter per unit, every chunk called,
/// and how many calls have started and returned. Thread-safe; the engine never sees it.
/// </summary>
public sealed class UnitLedger(JobShape shape)
{
    private readonly int[] hits = new int[checked((int)shape.Size)];
    private int started;
    private int returned;

    public ConcurrentQueue<Chunk> Calls { get; } = new();
    public int Started => Volatile.Read(ref started);
    public int Returned => Volatile.Read(ref returned);

    /// <summary>Counts the chunk's units; <paramref name="dawdle"/> widens the window in which a worker is still inside its chunk.</summary>
    public void Record(ulong start, ulong end, int dawdle = 0)
    {
        Interlocked.Increment(ref started);
        Calls.Enqueue(new Chunk(start, end));
        for (ulong unit = start; unit < end; unit++)
            Interlocked.Increment(ref hits[unit - shape.Start]);
        if (dawdle > 0)
            Thread.SpinWait(dawdle);
        if (dawdle > 5_000)
            Thread.Sleep(1);
        // Last statement: "returned" means the thread function is done with the chunk.
        Interlocked.Increment(ref returned);
    }

    /// <summary>Units whose count is not exactly one, as "unit: count" (empty when every unit ran once).</summary>
    public string[] UnitsNotProcessedExactlyOnce() =>
        hits.Select((count, i) => (count, unit: shape.Start + (ulong)i)).Where(x => x.count != 1).Select(x => $"{x.unit}: {x.count}").Take(10).ToArray();

    /// <summary>Units processed more than once.</summary>
    public string[] UnitsProcessedTwice() =>
        hits.Select((count, i) => (count, unit: shape.Start + (ulong)i)).Where(x => x.count > 1).Select(x => $"{x.unit}: {x.count}").Take(10).ToArray();
}
