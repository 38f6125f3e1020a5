
namespace Padata.Harness.Oracles;

/// <summary>
/// What one job with undo did and undid in one schedule: the net count per unit (a chunk's units
/// go up when it runs, down when it cleans up after throwing or is undone), the chunks that
/// returned, threw and were undone, and how many chunk functions are running right now. The undo
/// function checks, at the moment it is called, that no chunk function of the job is running and
/// that the chunk it undoes returned normally; the thread function checks that no undo has begun.
/// Unsynchronized under control and written like <see cref="JobLedger"/> (see <see cref="ExecutionLog"/>); natively its updates are the world's steps.
/// </summary>
internal sealed class UndoLedger(UndoSpec spec, string id, ExecutionLog log) : ICallerLedger
{
    private readonly int[] net = new int[checked((int)spec.Job.Size)];

    public UndoSpec Spec => spec;
    public string Id => id;
    public List<Chunk> Calls { get; } = [];
    public List<Chunk> Returned { get; } = [];
    public List<Chunk> Threw { get; } = [];
    public List<Chunk> Undone { get; } = [];
    public int Running { get; private set; }
    public bool UndoBegun { get; private set; }
    public bool CallerReturned { get; set; }

    /// <summary>The job's thread function: does its units, and on a throwing chunk undoes them itself before throwing.</summary>
    public void Run(ulong start, ulong end)
    {
        var chunk = new Chunk(start, end);
        World world = World.Current;
        world.BeginStep();
        try
        {
            world.Assert(!CallerReturned, $"Job {id}: chunk {chunk} started on {log.WorkerName()} after the job's caller had returned.");
            world.Assert(!UndoBegun, $"Job {id}: chunk {chunk} started on {log.WorkerName()} after the job's undo had begun.");
            Running++;
            Calls.Add(chunk);
            log.Add(id, EventKind.ChunkStarted, chunk);
        }
        finally
        {
            world.EndStep();
        }
        world.Delay();
        if (spec.Job.LongChunks)
            world.Interleave();
        world.BeginStep();
        try
        {
            // The net counts are one step with the chunk's end: natively an undo reads them all.
            for (ulong unit = start; unit < end; unit++)
                net[unit - spec.Job.Start]++;
            if (spec.Job.ThrowingChunkStarts.Contains(start))
            {
                for (ulong unit = start; unit < end; unit++)
                    net[unit - spec.Job.Start]--;
                Threw.Add(chunk);
                Running--;
                log.Add(id, EventKind.ChunkThrew, chunk);
                throw new ChunkFault(chunk);
            }
            Returned.Add(chunk);
            Running--;
            log.Add(id, EventKind.ChunkReturned, chunk);
        }
        finally
        {
            world.EndStep();
        }
    }

    /// <summary>The job's undo function.</summary>
    public void Undo(ulong start, ulong end)
    {
        var chunk = new Chunk(start, end);
        World world = World.Current;
        world.Delay();
        world.BeginStep();
        try
        {
            UndoBegun = true;
            world.Assert(Running == 0,
                $"Job {id}: undo of chunk {chunk} began on {log.WorkerName()} while {Running} chunk function(s) of the job were still running.");
            world.Assert(!Threw.Contains(chunk), $"Job {id}: chunk {chunk} was undone although its thread function threw (it cleans up after itself).");
            world.Assert(Returned.Contains(chunk), $"Job {id}: undo called on {chunk}, which is not a chunk whose thread function returned normally.");
            Undone.Add(chunk);
            if (spec.ThrowingUndoStarts.Contains(start))
                throw new UndoFault(chunk);
            for (ulong unit = start; unit < end; unit++)
                net[unit - spec.Job.Start]--;
        }
        finally
        {
            world.EndStep();
        }
        world.Delay();
    }

    /// <summary>Units whose net count is not <paramref name="expected"/>(unit) (at most a few), as "unit×count".</summary>
    public string UnitsNot(Func<ulong, int> expected) =>
        string.Join(", ", net.Select((count, i) => (count, unit: spec.Job.Start + (ulong)i))
                             .Where(x => x.count != expected(x.unit)).Take(8).Select(x => $"{x.unit}×{x.count}"));
}
