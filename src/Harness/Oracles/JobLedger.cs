
namespace Padata.Harness.Oracles;

/// <summary>
/// What one job's thread function did in one schedule: a counter per unit, the chunks called,
/// and whether its caller has already returned. The thread function is the ledger's own
/// (<see cref="Run"/>), or the ledger's wrapped around a model's (<see cref="Watching"/>).
/// Unsynchronized under control for the reasons given on
/// <see cref="ExecutionLog"/> (natively its updates are the world's steps, see <see cref="World.BeginStep"/>);
/// keep the counters auto-properties (a plain field's <c>++</c> loses
/// updates under memory-access interleaving).
/// </summary>
internal sealed class JobLedger(JobSpec spec, string id, ExecutionLog log) : ICallerLedger
{
    private readonly int[] hits = new int[checked((int)spec.Size)];
    // Released by the chunk that completes the rendezvous (JobSpec.Rendezvous), once for each chunk waiting.
    private readonly SemaphoreSlim? rendezvous = spec.Rendezvous > 0 ? new SemaphoreSlim(0) : null;

    public JobSpec Spec => spec;
    public string Id => id;
    public List<Chunk> Calls { get; } = [];
    public int Started { get; private set; }
    public int Ended { get; private set; }
    public int Threw { get; private set; }
    public bool CallerReturned { get; set; }
    public int ArrivedAtRendezvous { get; private set; }

    /// <summary>The job's thread function.</summary>
    public void Run(ulong start, ulong end) => Run(start, end, null);

    /// <summary>
    /// The job's thread function running <paramref name="work"/> on each chunk, between the
    /// ledger's record of its start and of its end. Passed as an argument, not kept in a field:
    /// under memory-access interleaving a field read would add a scheduling point to every chunk.
    /// </summary>
    public ChunkFunction Watching(ChunkFunction work) => (start, end) => Run(start, end, work);

    private void Run(ulong start, ulong end, ChunkFunction? work)
    {
        var chunk = new Chunk(start, end);
        World world = World.Current;
        world.BeginStep();
        try
        {
            world.Assert(!CallerReturned,
                $"Job {id}: chunk {chunk} started on {log.WorkerName()} after the job's caller had returned.");
            Started++;
            Calls.Add(chunk);
            log.Add(id, EventKind.ChunkStarted, chunk);
        }
        finally
        {
            world.EndStep();
        }
        world.Delay();
        if (rendezvous is not null)
            Rendezvous(rendezvous);
        // A long chunk lets every other thread run while it is in progress, so a caller that
        // returns before its chunks have returned is seen doing so. Elsewhere a chunk runs from
        // start to end between two scheduling points (its work is its own, so that loses no
        // engine interleaving), and such a caller shows only through a data race it causes (the
        // races/ entries, or the engine's fail-fast when DFS runs without its reduction).
        if (spec.LongChunks)
            world.Interleave();
        // Each unit is its chunk's alone: no step needed (an engine handing a unit out twice is
        // what the count is there to show, under control).
        for (ulong unit = start; unit < end; unit++)
            hits[unit - spec.Start]++;
        work?.Invoke(start, end);
        world.Delay();
        world.BeginStep();
        try
        {
            Ended++;
            if (spec.ThrowingChunkStarts.Contains(start))
            {
                Threw++;
                log.Add(id, EventKind.ChunkThrew, chunk);
                throw new ChunkFault(chunk);
            }
            log.Add(id, EventKind.ChunkReturned, chunk);
        }
        finally
        {
            world.EndStep();
        }
    }

    /// <summary>
    /// Waits until <see cref="JobSpec.Rendezvous"/> chunks have arrived (see there). Under control a
    /// deadlock if they never do; natively bounded by the run's bound like any other wait of a run.
    /// </summary>
    private void Rendezvous(SemaphoreSlim open)
    {
        int arrived = 0;
        World.InStep(() => arrived = ++ArrivedAtRendezvous);
        if (arrived < spec.Rendezvous)
            open.Wait();
        else if (arrived == spec.Rendezvous)
            open.Release(spec.Rendezvous - 1);
    }

    /// <summary>Units whose count is not exactly one (at most a few), as "unit×count".</summary>
    public string UnitsNotExactlyOnce() => Describe(count => count != 1);

    /// <summary>Units processed more than once.</summary>
    public string UnitsMoreThanOnce() => Describe(count => count > 1);

    private string Describe(Func<int, bool> wrong) =>
        string.Join(", ", hits.Select((count, i) => (count, unit: spec.Start + (ulong)i))
                              .Where(x => wrong(x.count)).Take(8).Select(x => $"{x.unit}×{x.count}"));
}
