
namespace Padata.Harness.Oracles;

/// <summary>
/// The helpers seen inside a thread function, per node, across every job of one engine in one
/// schedule (docs/design.md §7.3): at every moment the helpers inside a chunk on a node are at most
/// that node's cap, and in all at most the system cap. A helper is a thread on which
/// <see cref="PadataEngine.CurrentHelperNode"/> names a node; callers are not counted (the caller
/// always works). The caps are the scenario's, restated here, never read back from the engine.
/// Also records which helper (job and thread) was seen on which node, for the placement checks.
/// Unsynchronized for the reasons given on <see cref="ExecutionLog"/>: counters are array slots
/// read through a local and auto-properties, so no field access falls inside a read-modify-write.
/// </summary>
internal sealed class CapLedger(IReadOnlyList<int> nodeCaps, int systemCap)
{
    private readonly int[] inside = new int[nodeCaps.Count];

    public int InsideTotal { get; private set; }

    /// <summary>Distinct helpers seen running a chunk: (job, thread) with the node it ran on.</summary>
    public HashSet<(string Job, int Thread, int Node)> Helpers { get; } = [];

    /// <summary>Called by a job's thread function as a chunk starts; returns the helper's node, or -1 on a caller.</summary>
    public int Enter(string job, Chunk chunk)
    {
        int? node = PadataEngine.CurrentHelperNode;
        if (node is not { } n)
            return -1;
        World.Current.Assert(n < nodeCaps.Count, $"Job {job}: chunk {chunk} ran on a helper of node {n}, which the topology does not have.");
        World world = World.Current;
        // Natively the counters are shared by real threads: one step of the world (a lock there).
        world.BeginStep();
        try
        {
            Helpers.Add((job, Environment.CurrentManagedThreadId, n));
            int[] counts = inside;
            counts[n]++;
            InsideTotal++;
            world.Assert(counts[n] <= nodeCaps[n],
                $"Job {job}: chunk {chunk} started on a helper of node {n} while {counts[n] - 1} other helper(s) of that node ran chunks: {counts[n]} helpers running, above the node's cap of {nodeCaps[n]}.");
            world.Assert(InsideTotal <= systemCap,
                $"Job {job}: chunk {chunk} started on a helper of node {n}: {InsideTotal} helpers running chunks at once, above the system cap of {systemCap}.");
        }
        finally
        {
            world.EndStep();
        }
        return n;
    }

    /// <summary>Called as the chunk that <see cref="Enter"/> counted on <paramref name="node"/> returns or throws.</summary>
    public void Exit(int node)
    {
        if (node < 0)
            return;
        World world = World.Current;
        world.BeginStep();
        try
        {
            int[] counts = inside;
            counts[node]--;
            InsideTotal--;
        }
        finally
        {
            world.EndStep();
        }
    }
}
