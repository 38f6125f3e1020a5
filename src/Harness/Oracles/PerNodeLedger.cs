namespace Padata.Harness.Oracles;

/// <summary>
/// What one per-node job's thread function did in one schedule: every chunk called, with the node
/// of the helper that ran it (-1 for the caller), a counter per unit of every range, and whether the
/// job's caller has returned. Unsynchronized under control for the reasons given on
/// <see cref="ExecutionLog"/>; natively its updates are the world's steps. Counters are
/// auto-properties or array slots (a plain field's <c>++</c> loses updates under memory-access
/// interleaving).
/// </summary>
internal sealed class PerNodeLedger(PerNodeSpec spec, string id, ExecutionLog log) : ICallerLedger
{
    private readonly int[][] hits = spec.Ranges.Select(r => new int[checked((int)r.Size)]).ToArray();

    public PerNodeSpec Spec => spec;
    public string Id => id;

    /// <summary>Chunks called, each with the node of the helper that ran it, or -1 on the caller.</summary>
    public List<(Chunk Chunk, int Node)> Calls { get; } = [];
    public int Started { get; private set; }
    public int Ended { get; private set; }
    public bool CallerReturned { get; set; }

    /// <summary>
    /// Records <paramref name="chunk"/>'s start on a worker of <paramref name="node"/>; after
    /// <see cref="Count"/>, <see cref="Returned"/> records its end.
    /// </summary>
    public void Starting(Chunk chunk, int node)
    {
        World world = World.Current;
        world.BeginStep();
        try
        {
            world.Assert(!CallerReturned, $"Job {id}: chunk {chunk} started on {log.WorkerName()} after the job's caller had returned.");
            Started++;
            Calls.Add((chunk, node));
            log.Add(id, EventKind.ChunkStarted, chunk);
        }
        finally
        {
            world.EndStep();
        }
    }

    /// <summary>Counts each unit of <paramref name="chunk"/> in the range it lies in (a unit outside every range is the oracle's to report).</summary>
    public void Count(Chunk chunk)
    {
        // Each unit is its chunk's alone: no step needed (an engine handing a unit out twice is
        // what the count is there to show).
        for (int r = 0; r < spec.Ranges.Count; r++)
        {
            NodeRange range = spec.Ranges[r];
            int[] counts = hits[r];
            for (ulong unit = Math.Max(chunk.Start, range.Start); unit < Math.Min(chunk.End, range.End); unit++)
                counts[unit - range.Start]++;
        }
    }

    public void Returned(Chunk chunk)
    {
        // Not World.InStep: a closure's field reads would fall inside the counter's update under
        // memory-access interleaving.
        World world = World.Current;
        world.BeginStep();
        try
        {
            Ended++;
            log.Add(id, EventKind.ChunkReturned, chunk);
        }
        finally
        {
            world.EndStep();
        }
    }

    /// <summary>Units of any range whose count is not exactly one (at most a few), as "unit×count".</summary>
    public string UnitsNotExactlyOnce() =>
        string.Join(", ", spec.Ranges.SelectMany((range, r) => hits[r].Select((count, i) => (count, unit: range.Start + (ulong)i)))
                                     .Where(x => x.count != 1).Take(8).Select(x => $"{x.unit}×{x.count}"));
}
