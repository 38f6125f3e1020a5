using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Padata.Properties;

/// <summary>
/// Helper limits and NUMA placement (docs/design.md §7.3): the grant against a model of the rule
/// restated here, the round-robin spread, and concurrent jobs on random topologies natively, with
/// the helpers seen inside chunks counted per node against the caps.
/// </summary>
public class LimitsProperties
{
    /// <summary>A random machine: 1–3 nodes of 1–3 CPUs, caps 0–3 per node and 0–4 in all, pool 0–4.</summary>
    public sealed record Machine(int[] Cpus, int[] NodeCaps, int SystemCap, int Pool)
    {
        public Topology Topology => new(Cpus);
        public HelperLimits Limits => new(NodeCaps, SystemCap);
        public override string ToString() => $"CPUs {string.Join("+", Cpus)}, node caps {string.Join("/", NodeCaps)}, system cap {SystemCap}, pool {Pool}";
    }

    /// <summary>One step against a pool: a take (count, home node, NUMA-aware) or the release of one running helper.</summary>
    public sealed record GrantStep(bool IsTake, int Count, int Home, bool NumaAware, int Pick);

    /// <summary>A job of a native run: size, max_threads, node, NUMA-aware.</summary>
    public sealed record CallerJob(int Size, int MaxThreads, int Node, bool NumaAware)
    {
        public override string ToString() => $"size={Size} max_threads={MaxThreads} node={Node}{(NumaAware ? " numa-aware" : "")}";
    }

    public static class Machines
    {
        private static Gen<Machine> MachineGen() =>
            from nodes in Gen.Choose(1, 3)
            from cpus in Gen.Choose(1, 3).ArrayOf(nodes)
            from caps in Gen.Choose(0, 3).ArrayOf(nodes)
            from system in Gen.Choose(0, 4)
            from pool in Gen.Choose(0, 4)
            select new Machine(cpus, caps, system, pool);

        public static Arbitrary<Machine> Machine() => MachineGen().ToArbitrary();

        public static Arbitrary<GrantStep[]> Steps() =>
            (from take in Gen.Frequency((3, Gen.Constant(true)), (2, Gen.Constant(false)))
             from count in Gen.Choose(0, 5)
             from home in Gen.Choose(0, 2)
             from numa in Gen.Elements(true, false)
             from pick in Gen.Choose(0, 100)
             select new GrantStep(take, count, home, numa, pick)).ArrayOf().ToArbitrary();

        public static Arbitrary<CallerJob[]> Callers() =>
            (from size in Gen.Choose(1, 40)
             from maxThreads in Gen.Choose(1, 5)
             from node in Gen.Choose(0, 2)
             from numa in Gen.Elements(true, false)
             select new CallerJob(size, maxThreads, node, numa)).ArrayOf().Select(a => a.Take(3).ToArray())
            .Where(a => a.Length > 0).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Machines)], MaxTest = 300)]
    public Property A_grant_takes_exactly_what_the_pool_and_the_caps_allow_right_now_and_never_exceeds_a_cap(Machine machine, GrantStep[] steps)
    {
        var pool = new WorkPool(machine.Pool, machine.Limits);
        int nodes = machine.Cpus.Length;
        // The model: helpers counted per node (from the grant to their release), items out.
        var running = new List<int>[nodes];
        for (int n = 0; n < nodes; n++)
            running[n] = [];
        int itemsOut = 0;
        var held = new List<PadataWork>();
        bool anyCapped = false;
        foreach (GrantStep step in steps)
        {
            if (step.IsTake)
            {
                int home = step.Home % nodes;
                int free = machine.Pool - itemsOut;
                int total = running.Sum(r => r.Count);
                int systemRoom = Math.Max(machine.SystemCap - total, 0);
                int nodeRoom = step.NumaAware
                    ? Enumerable.Range(0, nodes).Sum(n => Math.Max(machine.NodeCaps[n] - running[n].Count, 0))
                    : Math.Max(machine.NodeCaps[home] - running[home].Count, 0);
                int expected = Math.Min(Math.Min(step.Count, free), Math.Min(systemRoom, nodeRoom));
                anyCapped |= expected < Math.Min(step.Count, free);

                PadataWork[] got = pool.Take(step.Count, home, step.NumaAware);
                Assert.Equal(expected, got.Length);
                foreach (PadataWork item in got)
                {
                    if (!step.NumaAware)
                        Assert.Equal(home, item.Node);
                    running[item.Node].Add(item.Id);
                    held.Add(item);
                }
                itemsOut += got.Length;
            }
            else if (held.Count > 0)
            {
                // A helper finishes: its cap is released; its item goes back with it (as its caller would, later).
                PadataWork item = held[step.Pick % held.Count];
                held.Remove(item);
                running[item.Node].Remove(item.Id);
                if (pool.TracksCaps)
                    pool.ReleaseCap(item.Node);
                pool.Return([item]);
                itemsOut--;
            }
            for (int n = 0; n < nodes; n++)
                Assert.True(running[n].Count <= machine.NodeCaps[n], $"node {n}: {running[n].Count} helpers, cap {machine.NodeCaps[n]}");
            Assert.True(running.Sum(r => r.Count) <= machine.SystemCap);
            // The pool counts helpers only where a cap can bind (below the pool's size).
            Assert.Equal(pool.TracksCaps ? running.Select(r => r.Count) : new int[nodes], pool.Running);
        }
        return true.ToProperty().Classify(anyCapped, "a cap bound a grant").Classify(nodes > 1, "several nodes");
    }

    [Property(MaxTest = 200)]
    public Property Round_robin_spreads_NUMA_aware_helpers_evenly_over_the_nodes_when_no_cap_binds(PositiveInt nodesSeed, PositiveInt poolSeed, PositiveInt[] takes)
    {
        int nodes = nodesSeed.Get % 4 + 1, capacity = poolSeed.Get % 9;
        var pool = new WorkPool(capacity, HelperLimits.None(nodes));
        var overall = new int[nodes];
        foreach (PositiveInt take in takes)
        {
            PadataWork[] got = pool.Take(take.Get % (capacity + 1), 0, numaAware: true);
            var job = new int[nodes];
            foreach (PadataWork item in got)
            {
                job[item.Node]++;
                overall[item.Node]++;
            }
            // Over one job, and over every NUMA-aware helper so far (the cursor carries over).
            Assert.True(job.Max() - job.Min() <= 1, $"one job's helpers per node: {string.Join(", ", job)}");
            Assert.True(overall.Max() - overall.Min() <= 1, $"all helpers so far per node: {string.Join(", ", overall)}");
            pool.Return(got);
        }
        return true.ToProperty().Classify(nodes > 1, "several nodes").Classify(capacity > nodes, "more helpers than nodes");
    }

    [Property(Arbitrary = [typeof(Machines)], MaxTest = 60)]
    public Property Concurrent_jobs_on_a_random_topology_process_every_unit_once_and_never_run_more_helpers_than_the_caps(Machine machine, CallerJob[] callers)
    {
        int nodes = machine.Cpus.Length;
        using var engine = new PadataEngine(machine.Pool, machine.Topology, machine.Limits);
        var inside = new int[nodes];
        int insideTotal = 0, worstOverCap = 0, helperChunks = 0;
        var wrongNode = new List<string>();
        var hits = callers.Select(c => new int[c.Size]).ToArray();
        var jobs = new MultithreadedJob[callers.Length];
        for (int c = 0; c < callers.Length; c++)
        {
            int caller = c;
            CallerJob spec = callers[c];
            jobs[c] = new MultithreadedJob(0, (ulong)spec.Size, 1, 1, spec.MaxThreads, (start, end) =>
            {
                int? node = PadataEngine.CurrentHelperNode;
                if (node is { } n)
                {
                    Interlocked.Increment(ref helperChunks);
                    int onNode = Interlocked.Increment(ref inside[n]);
                    int all = Interlocked.Increment(ref insideTotal);
                    int over = Math.Max(onNode - machine.NodeCaps[n], all - machine.SystemCap);
                    if (over > 0)
                        InterlockedMax(ref worstOverCap, over);
                    if (!spec.NumaAware && n != spec.Node % nodes)
                        lock (wrongNode)
                            wrongNode.Add($"job {caller} of node {spec.Node % nodes} had a helper on node {n}");
                }
                for (ulong unit = start; unit < end; unit++)
                    Interlocked.Increment(ref hits[caller][unit]);
                Thread.SpinWait(2_000);
                if (node is { } m)
                {
                    Interlocked.Decrement(ref inside[m]);
                    Interlocked.Decrement(ref insideTotal);
                }
            }) { Node = spec.Node % nodes, NumaAware = spec.NumaAware };
        }
        // Every caller on a thread of its own at once; a caller's exception fails the property at its join.
        var running = jobs.Select(job => Bounded.Start(() => engine.DoMultithreaded(job))).ToArray();
        for (int c = 0; c < running.Length; c++)
            running[c].Join(engine, $"caller {c}: {callers[c]} on {machine}");

        Assert.Equal(0, worstOverCap);
        Assert.Empty(wrongNode);
        for (int c = 0; c < callers.Length; c++)
            Assert.All(hits[c], count => Assert.Equal(1, count));
        Bounded.Call(() => { engine.Dispose(); return 0; }, engine, "Dispose");
        Assert.Equal(machine.Pool, engine.PoolAvailable);
        return true.ToProperty().Classify(helperChunks > 0, "helpers ran chunks").Classify(callers.Length > 1, "concurrent callers")
            .Classify(nodes > 1, "several nodes");
    }

    [Fact]
    public void The_default_cap_is_80_percent_of_the_CPUs_rounded_down_and_at_least_1_from_2_CPUs()
    {
        // Worked examples of the rule, stated apart from HelperLimits.DefaultCap's arithmetic.
        (int Cpus, int Cap)[] examples = [(1, 0), (2, 1), (3, 2), (4, 3), (5, 4), (6, 4), (10, 8), (64, 51), (0, 0)];
        foreach (var (cpus, cap) in examples)
            Assert.Equal(cap, HelperLimits.DefaultCap(cpus));
        HelperLimits limits = HelperLimits.For(new Topology([1, 2, 5]));
        Assert.Equal([0, 1, 4], limits.PerNode);
        Assert.Equal(6, limits.SystemWide);
    }

    [Fact]
    public void Bad_topologies_limits_and_job_nodes_are_refused_naming_the_parameter()
    {
        Assert.Equal("cpusPerNode", Assert.Throws<ArgumentException>(() => new Topology([])).ParamName);
        Assert.Equal("cpusPerNode", Assert.Throws<ArgumentOutOfRangeException>(() => new Topology([2, 0])).ParamName);
        Assert.Equal("perNode", Assert.Throws<ArgumentOutOfRangeException>(() => new HelperLimits([-1], 1)).ParamName);
        Assert.Equal("systemWide", Assert.Throws<ArgumentOutOfRangeException>(() => new HelperLimits([1], -1)).ParamName);
        Assert.Equal("limits", Assert.Throws<ArgumentException>(() => new PadataEngine(2, Topology.Uniform(2, 2), new HelperLimits([1], 1))).ParamName);
        Assert.Equal("Node", Assert.Throws<ArgumentOutOfRangeException>(() => new MultithreadedJob(0, 4, 1, 1, 2, (_, _) => { }) { Node = -1 }).ParamName);
        using var engine = new PadataEngine(2, Topology.Uniform(2, 2));
        var job = new MultithreadedJob(0, 4, 1, 1, 2, (_, _) => { }) { Node = 2 };
        Assert.Equal("job", Assert.Throws<ArgumentOutOfRangeException>(() => engine.DoMultithreaded(job)).ParamName);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen = Volatile.Read(ref target);
        while (value > seen)
        {
            int was = Interlocked.CompareExchange(ref target, value, seen);
            if (was == seen)
                return;
            seen = was;
        }
    }
}
