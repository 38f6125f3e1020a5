using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Padata.Models;
using Padata.Reference;

namespace Padata.Properties;

/// <summary>
/// Per-node ranges (docs/design.md §7.3.1), natively: the grant against the rule restated here, and
/// random per-node jobs run at once on random topologies, with every chunk checked against its
/// range's node, the caps and the kernel's chunk rule (tests/Reference/KernelPlan).
/// </summary>
public class PerNodeProperties
{
    /// <summary>A random per-node job: ranges (node, size) laid out with gaps, align, min_chunk, max_threads, anywhere.</summary>
    public sealed record RangesJob((int Node, int Size)[] Ranges, int Align, int MinChunk, int MaxThreads, bool Anywhere)
    {
        public NodeRange[] Laid(int nodes)
        {
            var laid = new NodeRange[Ranges.Length];
            ulong at = 0;
            for (int i = 0; i < Ranges.Length; i++)
            {
                laid[i] = new NodeRange(Ranges[i].Node % nodes, at, (ulong)Ranges[i].Size);
                at += (ulong)Ranges[i].Size + (ulong)(i % 2); // a gap after every other range
            }
            return laid;
        }

        public override string ToString() =>
            $"ranges {string.Join(", ", Ranges.Select(r => $"node {r.Node}: {r.Size}"))} align={Align} min_chunk={MinChunk} max_threads={MaxThreads}{(Anywhere ? " anywhere" : "")}";
    }

    public static class Jobs
    {
        public static Arbitrary<RangesJob[]> Callers() =>
            (from count in Gen.Choose(1, 4)
             from ranges in (from node in Gen.Choose(0, 2) from size in Gen.Choose(0, 16) select (node, size)).ArrayOf(count)
             from align in Gen.Choose(1, 3)
             from minChunk in Gen.Choose(0, 3)
             from maxThreads in Gen.Choose(1, 4)
             from anywhere in Gen.Elements(true, false)
             select new RangesJob(ranges, align, minChunk, maxThreads, anywhere)).ArrayOf().Select(a => a.Take(3).ToArray())
            .Where(a => a.Length > 0).ToArbitrary();

        public static Arbitrary<LimitsProperties.Machine> Machine() => LimitsProperties.Machines.Machine();
    }

    /// <summary>The grant restated: nodes served one helper at a time in turn within the pool and the system cap, each up to its want and its cap; anywhere, what a cap refused goes to the next nodes with room.</summary>
    private static int[] ExpectedGrant(int[] wanted, int pool, int[] caps, int system, bool anywhere)
    {
        int nodes = wanted.Length, budget = Math.Min(pool, system);
        var granted = new int[nodes];
        int[] left = [.. wanted];
        for (bool more = true; more && budget > 0;)
        {
            more = false;
            for (int n = 0; n < nodes && budget > 0; n++)
                if (left[n] > 0 && granted[n] < caps[n])
                {
                    granted[n]++;
                    left[n]--;
                    budget--;
                    more = true;
                }
        }
        for (int n = 0; anywhere && n < nodes; n++)
            for (; left[n] > 0 && budget > 0; left[n]--)
            {
                int other = Enumerable.Range(1, nodes).Select(s => (n + s) % nodes).FirstOrDefault(m => granted[m] < caps[m], -1);
                if (other < 0)
                    break;
                granted[other]++;
                budget--;
            }
        return granted;
    }

    [Property(Arbitrary = [typeof(Jobs)], MaxTest = 300)]
    public Property A_per_node_grant_on_an_idle_pool_is_the_restated_rule_and_never_exceeds_a_cap(LimitsProperties.Machine machine, PositiveInt[] wants, bool anywhere)
    {
        int nodes = machine.Cpus.Length;
        int[] wanted = Enumerable.Range(0, nodes).Select(n => n < wants.Length ? wants[n].Get % 4 : 0).ToArray();
        var pool = new WorkPool(machine.Pool, machine.Limits);
        PadataWork[] got = pool.Take(wanted, anywhere);
        var granted = new int[nodes];
        foreach (PadataWork item in got)
            granted[item.Node]++;
        // A cap at or above the pool cannot bind: the engine does not track it, nor does the model.
        int[] caps = machine.Limits.Binds(machine.Pool) ? machine.NodeCaps : Enumerable.Repeat(int.MaxValue, nodes).ToArray();
        int system = machine.Limits.Binds(machine.Pool) ? machine.SystemCap : int.MaxValue;
        int[] expected = ExpectedGrant(wanted, machine.Pool, caps, system, anywhere);
        Assert.Equal(expected, granted);
        pool.Return(got);
        bool refused = expected.Sum() < wanted.Sum();
        return true.ToProperty().Classify(refused, "short of what was asked").Classify(anywhere && granted.Where((g, n) => g > wanted[n]).Any(), "anywhere placed a refused helper elsewhere");
    }

    [Property(Arbitrary = [typeof(Jobs)], MaxTest = 60)]
    public Property Concurrent_per_node_jobs_run_every_unit_once_on_their_nodes_helpers_within_the_caps_and_the_kernel_chunk_rule(
        LimitsProperties.Machine machine, RangesJob[] callers)
    {
        int nodes = machine.Cpus.Length;
        using var engine = new PadataEngine(machine.Pool, machine.Topology, machine.Limits);
        var inside = new int[nodes];
        int insideTotal = 0, overCap = 0, helperChunks = 0, foreignChunks = 0;
        var wrongNode = new List<string>();
        var laid = callers.Select(c => c.Laid(nodes)).ToArray();
        var calls = callers.Select(_ => new List<Chunk>()).ToArray();
        var results = new PerNodeJobResult?[callers.Length];
        var jobs = new PerNodeJob[callers.Length];
        for (int c = 0; c < callers.Length; c++)
        {
            int caller = c;
            RangesJob spec = callers[c];
            NodeRange[] ranges = laid[c];
            jobs[c] = new PerNodeJob(ranges, (ulong)spec.Align, (ulong)spec.MinChunk, spec.MaxThreads, (start, end) =>
            {
                lock (calls[caller])
                    calls[caller].Add(new Chunk(start, end));
                if (PadataEngine.CurrentHelperNode is not { } n)
                    return;
                Interlocked.Increment(ref helperChunks);
                int onNode = Interlocked.Increment(ref inside[n]);
                int all = Interlocked.Increment(ref insideTotal);
                if (onNode > machine.NodeCaps[n] || all > machine.SystemCap)
                    Interlocked.Increment(ref overCap);
                NodeRange? range = ranges.Cast<NodeRange?>().FirstOrDefault(r => start >= r!.Value.Start && end <= r.Value.End);
                if (range is { } r && r.Node != n)
                {
                    Interlocked.Increment(ref foreignChunks);
                    if (!spec.Anywhere)
                        lock (wrongNode)
                            wrongNode.Add($"caller {caller}: chunk [{start}, {end}) of {r} ran on a helper of node {n}");
                }
                Thread.SpinWait(2_000);
                Interlocked.Decrement(ref inside[n]);
                Interlocked.Decrement(ref insideTotal);
            }) { Anywhere = spec.Anywhere };
        }
        // Every caller on a thread of its own at once; a caller's exception fails the property at its join.
        var running = jobs.Select(job => Bounded.Start(() => engine.DoMultithreadedPerNode(job))).ToArray();
        for (int c = 0; c < running.Length; c++)
            results[c] = running[c].Join(engine, $"caller {c}: {callers[c]} on {machine}");

        Assert.Equal(0, overCap);
        Assert.Empty(wrongNode);
        for (int c = 0; c < callers.Length; c++)
        {
            RangesJob spec = callers[c];
            IReadOnlyList<int> granted = results[c]!.HelpersPerNode;
            foreach (NodeRange range in laid[c])
            {
                // The kernel's rule for the range as a job of its own, with the helpers that may work it.
                int requested = KernelPlan.Requested(range.Size, (ulong)spec.Align, (ulong)spec.MinChunk, spec.MaxThreads);
                int able = spec.Anywhere ? granted.Sum() : granted[range.Node];
                var plan = KernelPlan.WithGrantedHelpers(range.Start, range.Size, (ulong)spec.Align, (ulong)spec.MinChunk, spec.MaxThreads, Math.Min(able, Math.Max(requested - 1, 0)));
                var ran = calls[c].Where(ch => ch.Start >= range.Start && ch.End <= range.End && ch.End > ch.Start).OrderBy(ch => ch.Start).Select(ch => (ch.Start, ch.End));
                Assert.Equal(plan.Chunks, ran);
            }
            // Every chunk inside one range, so with the plans above every unit ran exactly once.
            Assert.Equal(calls[c].Count, laid[c].Sum(r => calls[c].Count(ch => ch.Start >= r.Start && ch.End <= r.End && ch.End > ch.Start)));
            Assert.Equal(calls[c].Count, results[c]!.Chunks);
        }
        Bounded.Call(() => { engine.Dispose(); return 0; }, engine, "Dispose");
        Assert.Equal(machine.Pool, engine.PoolAvailable);
        return true.ToProperty().Classify(helperChunks > 0, "helpers ran chunks").Classify(callers.Length > 1, "concurrent callers")
            .Classify(foreignChunks > 0, "anywhere helpers ran another node's range").Classify(nodes > 1, "several nodes");
    }

    [Property(Arbitrary = [typeof(LayoutGenerators)], MaxTest = 100)]
    public Property Deferred_init_as_one_per_node_job_leaves_every_zone_as_the_kernel_rules_give_it(LayoutShape shape, bool anywhere)
    {
        MemoryLayout layout = shape.ToLayout();
        var model = new MemoryModel(layout);
        Topology topology = DeferredPageInit.TopologyOf(layout);
        using var engine = new PadataEngine(shape.PoolCapacity, topology);
        PerNodeJobResult result = Bounded.Call(() => DeferredPageInit.RunPerNodeRanges(engine, model, anywhere), engine, $"per-node deferred init of {shape}");
        VerificationReport report = MemmapVerifier.Verify(model);
        Assert.True(report.Holds, report.ToString());
        Assert.Empty(model.Zones.SelectMany(z => PageInitReference.Differences(model, z)));
        Assert.Equal(shape.PoolCapacity, engine.PoolAvailable);
        return true.ToProperty().Classify(topology.NodeCount > 1, "several nodes").Classify(result.Workers > 1, "helpers granted");
    }

    [Fact]
    public void Bad_per_node_jobs_are_refused_naming_the_parameter_and_the_rule()
    {
        ChunkFunction none = (_, _) => { };
        Assert.Equal("ranges", Assert.Throws<ArgumentException>(() => new PerNodeJob([new NodeRange(0, 0, 4), new NodeRange(1, 3, 2)], 1, 1, 2, none)).ParamName);
        Assert.Equal("ranges", Assert.Throws<ArgumentOutOfRangeException>(() => new PerNodeJob([new NodeRange(-1, 0, 4)], 1, 1, 2, none)).ParamName);
        Assert.Equal("ranges", Assert.Throws<ArgumentOutOfRangeException>(() => new PerNodeJob([new NodeRange(0, ulong.MaxValue, 2)], 1, 1, 2, none)).ParamName);
        Assert.Equal("align", Assert.Throws<ArgumentOutOfRangeException>(() => new PerNodeJob([], 0, 1, 2, none)).ParamName);
        Assert.Equal("maxThreads", Assert.Throws<ArgumentOutOfRangeException>(() => new PerNodeJob([], 1, 1, 0, none)).ParamName);
        // Empty ranges overlap nothing.
        _ = new PerNodeJob([new NodeRange(0, 2, 0), new NodeRange(1, 0, 4)], 1, 1, 2, none);
        using var engine = new PadataEngine(2, Topology.Uniform(2, 2));
        Assert.Equal("job", Assert.Throws<ArgumentOutOfRangeException>(() => engine.DoMultithreadedPerNode(new PerNodeJob([new NodeRange(2, 0, 4)], 1, 1, 2, none))).ParamName);
    }

    [Fact]
    public void A_failing_chunk_of_a_per_node_job_stops_every_range_and_leaves_the_pool_whole()
    {
        using var engine = new PadataEngine(2, Topology.Uniform(2, 2), new HelperLimits([1, 1], 2));
        var job = new PerNodeJob([new NodeRange(0, 0, 8), new NodeRange(1, 8, 8)], 1, 1, 4, (start, _) =>
        {
            if (start == 0)
                throw new InvalidOperationException("chunk 0 fails");
        });
        var failure = Assert.Throws<JobFailedException>(() => Bounded.Call(() => engine.DoMultithreadedPerNode(job), engine, "a failing per-node job"));
        Assert.Contains(failure.Failures, f => f.Chunk.Start == 0);
        Assert.Equal(2, engine.PoolAvailable);
    }
}
