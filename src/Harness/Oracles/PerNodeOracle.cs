using Padata.Reference;

namespace Padata.Harness.Oracles;

/// <summary>
/// What must hold when a caller returns from a per-node job (docs/design.md §7.3.1), in any schedule,
/// restated here from the rules and never read back from the engine: every unit of every range
/// run exactly once; every chunk of a node's range run by a helper of that node or by the caller,
/// unless the job runs anywhere; each range split as the kernel's rule splits it as a job of its
/// own run by the caller and the helpers that may work it (tests/Reference/KernelPlan); the
/// helpers granted within what each node asks for, the pool and the caps, and, where one caller
/// has the engine to itself, exactly what the grant rule gives.
/// </summary>
internal static class PerNodeOracle
{
    /// <summary>The helpers a node asks for: each range asks for the kernel's <c>nworks</c> less the caller; a node for its largest range's.</summary>
    public static int[] Wanted(PerNodeSpec spec, int nodes)
    {
        var wanted = new int[nodes];
        foreach (NodeRange range in spec.Ranges)
            wanted[range.Node] = Math.Max(wanted[range.Node], Math.Max(KernelPlan.Requested(range.Size, spec.Align, spec.MinChunk, spec.MaxThreads) - 1, 0));
        return wanted;
    }

    /// <summary>
    /// The grant when the job has the engine to itself (no helper of another job holds an item or a
    /// place under a cap): nodes served one helper at a time in turn while the pool and the system
    /// cap last, each up to what it asks and its cap; with anywhere, what a cap refused is placed on
    /// the following nodes with room.
    /// </summary>
    public static int[] GrantAlone(int[] wanted, int pool, IReadOnlyList<int> nodeCaps, int systemCap, bool anywhere)
    {
        int nodes = wanted.Length;
        var granted = new int[nodes];
        int budget = Math.Min(pool, systemCap);
        int[] left = [.. wanted];
        for (bool more = true; more && budget > 0;)
        {
            more = false;
            for (int n = 0; n < nodes && budget > 0; n++)
                if (left[n] > 0 && granted[n] < nodeCaps[n])
                {
                    granted[n]++;
                    left[n]--;
                    budget--;
                    more = true;
                }
        }
        if (anywhere)
            for (int n = 0; n < nodes; n++)
                for (; left[n] > 0 && budget > 0; left[n]--)
                {
                    int other = Enumerable.Range(1, nodes).Select(step => (n + step) % nodes).FirstOrDefault(m => granted[m] < nodeCaps[m], -1);
                    if (other < 0)
                        break;
                    granted[other]++;
                    budget--;
                }
        return granted;
    }

    public static void AfterReturn(PerNodeLedger ledger, PerNodeJobResult? result, JobFailedException? failure,
        int pool, IReadOnlyList<int> nodeCaps, int systemCap, bool alone)
    {
        World.Current.BeginStep();
        try
        {
            Check(ledger, result, failure, pool, nodeCaps, systemCap, alone);
        }
        finally
        {
            World.Current.EndStep();
        }
    }

    private static void Check(PerNodeLedger ledger, PerNodeJobResult? result, JobFailedException? failure,
        int pool, IReadOnlyList<int> nodeCaps, int systemCap, bool alone)
    {
        PerNodeSpec spec = ledger.Spec;
        string job = $"Job {ledger.Id} ({spec})";
        World.Current.Assert(failure is null, $"{job}: failed although no chunk throws: {failure?.Message}");
        if (result is null)
            return;
        World.Current.Assert(ledger.Started == ledger.Ended,
            $"{job}: the caller returned while {ledger.Started - ledger.Ended} chunk function(s) were still running.");

        foreach (var (chunk, node) in ledger.Calls)
        {
            int r = Enumerable.Range(0, spec.Ranges.Count).FirstOrDefault(i => chunk.Start >= spec.Ranges[i].Start && chunk.End <= spec.Ranges[i].End && chunk.End > chunk.Start, -1);
            World.Current.Assert(r >= 0, $"{job}: the thread function was called on {chunk}, which is empty or not inside one range.");
            if (r < 0)
                continue;
            NodeRange range = spec.Ranges[r];
            World.Current.Assert(node < 0 || spec.Anywhere || node == range.Node,
                $"{job}: chunk {chunk} of range {range} ran on a helper of node {node}; without anywhere, only node {range.Node}'s helpers and the caller may run it.");
        }
        string wrong = ledger.UnitsNotExactlyOnce();
        World.Current.Assert(wrong.Length == 0, $"{job}: the caller returned with units not run exactly once (unit×count): {wrong}");
        World.Current.Assert(result.Chunks == ledger.Calls.Count,
            $"{job}: the engine reports {result.Chunks} chunks but the thread function was called {ledger.Calls.Count} times.");

        // The grant: within what each node asks for (anywhere: in all), the pool and the caps.
        int nodes = nodeCaps.Count;
        int[] wanted = Wanted(spec, nodes);
        IReadOnlyList<int> granted = result.HelpersPerNode;
        string grant = $"granted {string.Join("/", granted)} helpers per node, asked {string.Join("/", wanted)}, pool {pool}, caps {string.Join("/", nodeCaps)} and {systemCap} in all";
        World.Current.Assert(granted.Count == nodes && granted.Sum() <= Math.Min(pool, systemCap) && granted.Sum() <= wanted.Sum()
                             && Enumerable.Range(0, nodes).All(n => granted[n] <= nodeCaps[n] && (spec.Anywhere || granted[n] <= wanted[n])),
            $"{job}: {grant}.");
        if (alone)
        {
            int[] expected = GrantAlone(wanted, pool, nodeCaps, systemCap, spec.Anywhere);
            World.Current.Assert(expected.SequenceEqual(granted), $"{job}: {grant}; alone on the engine the rule grants {string.Join("/", expected)}.");
        }

        // Each range split by the kernel's rule for the workers that may run it.
        int all = granted.Sum();
        for (int r = 0; r < spec.Ranges.Count; r++)
        {
            NodeRange range = spec.Ranges[r];
            int requested = KernelPlan.Requested(range.Size, spec.Align, spec.MinChunk, spec.MaxThreads);
            int able = spec.Anywhere ? all : granted[range.Node];
            var plan = KernelPlan.WithGrantedHelpers(range.Start, range.Size, spec.Align, spec.MinChunk, spec.MaxThreads, Math.Min(able, Math.Max(requested - 1, 0)));
            var ran = ledger.Calls.Select(c => c.Chunk).Where(c => c.Start >= range.Start && c.End <= range.End && c.End > c.Start).OrderBy(c => c.Start).Select(c => (c.Start, c.End));
            World.Current.Assert(plan.Chunks.SequenceEqual(ran),
                $"{job}: range {range} ran as [{string.Join(" ", ran.Select(c => $"[{c.Start}, {c.End})"))}]; the kernel rule with {able} helper(s) able to work it: {plan}.");
        }
    }
}
