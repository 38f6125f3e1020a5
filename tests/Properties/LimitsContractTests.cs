namespace Padata.Properties;

/// <summary>
/// Topologies and helper limits at their edges, pinned literally (docs/design.md §7.3): what each
/// describes itself as, which caps bind a pool, that each keeps its own copy of the numbers it was
/// given, and each refusal with its parameter and rule. Added for mutation testing (docs/mutation.md).
/// </summary>
public class LimitsContractTests
{
    [Fact]
    public void A_topology_counts_its_nodes_and_CPUs_and_describes_itself()
    {
        int[] cpus = [1, 2, 5];
        var topology = new Topology(cpus);
        cpus[1] = 7;  // the topology keeps its own copy
        Assert.Equal((3, 8, 2), (topology.NodeCount, topology.TotalCpus, topology.CpusOf(1)));
        Assert.Equal([1, 2, 5], topology.CpusPerNode);
        Assert.Equal("3 node(s), CPUs 1+2+5", topology.ToString());
        Assert.Equal("1 node(s), CPUs 4", new Topology([4]).ToString());

        Assert.Equal([3, 3], Topology.Uniform(2, 3).CpusPerNode);
        Assert.Equal([1], Topology.Uniform(1, 1).CpusPerNode);
        Assert.Equal("nodes", Assert.Throws<ArgumentOutOfRangeException>(() => Topology.Uniform(0, 1)).ParamName);
        // Uniform checks its own arguments (the rule on both, not the constructor's per-node message).
        var noCpu = Assert.Throws<ArgumentOutOfRangeException>(() => Topology.Uniform(1, 0));
        Assert.Equal("cpusPerNode", noCpu.ParamName);
        Assert.StartsWith("cpusPerNode ('0') must be greater than or equal to '1'.", noCpu.Message);

        // The machine as the engine sees it: one node holding every processor.
        Assert.Equal([Environment.ProcessorCount], Topology.Machine.CpusPerNode);
    }

    [Fact]
    public void A_bad_topology_is_refused_with_the_node_and_the_rule()
    {
        Assert.Equal("cpusPerNode", Assert.Throws<ArgumentNullException>(() => new Topology(null!)).ParamName);
        Assert.StartsWith("cpusPerNode must list at least one node.", Assert.Throws<ArgumentException>(() => new Topology([])).Message);
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => new Topology([2, 1, 0]));
        Assert.Equal(("cpusPerNode", (object?)0), (zero.ParamName, zero.ActualValue));
        Assert.StartsWith("node 2 must have at least 1 CPU.", zero.Message);
    }

    [Fact]
    public void Limits_describe_each_cap_with_no_cap_as_infinity_and_keep_their_own_copy()
    {
        int[] perNode = [0, 3];
        var limits = new HelperLimits(perNode, 2);
        perNode[0] = 9;  // the limits keep their own copy
        Assert.Equal([0, 3], limits.PerNode);
        Assert.Equal((2, 3), (limits.SystemWide, limits.CapOf(1)));
        Assert.Equal("caps: per node 0/3, system 2", limits.ToString());
        Assert.Equal("caps: per node ∞/∞/∞, system ∞", HelperLimits.None(3).ToString());
        Assert.Equal("caps: per node ∞/1, system 5", new HelperLimits([int.MaxValue, 1], 5).ToString());
        Assert.Equal("caps: per node 2, system ∞", new HelperLimits([2], int.MaxValue).ToString());
        Assert.Equal([int.MaxValue, int.MaxValue], HelperLimits.None(2).PerNode);
    }

    [Fact]
    public void A_cap_binds_a_pool_exactly_when_it_is_below_the_pool_capacity()
    {
        // Caps 2 and 3 per node, 4 in all: a pool of 2 is bound by none; 3 by node 0's; 5 by every cap.
        var limits = new HelperLimits([2, 3], 4);
        Assert.False(limits.Binds(2));
        Assert.True(limits.Binds(3));
        Assert.True(limits.Binds(5));
        // The system-wide cap alone: 4 binds a pool of 5, not one of 4.
        var system = new HelperLimits([9, 9], 4);
        Assert.False(system.Binds(4));
        Assert.True(system.Binds(5));
        // Only the second node's cap binds.
        Assert.True(new HelperLimits([9, 1], 9).Binds(2));
        Assert.False(HelperLimits.None(2).Binds(int.MaxValue));
    }

    [Fact]
    public void Bad_limits_are_refused_with_the_node_and_the_rule()
    {
        Assert.Equal("perNode", Assert.Throws<ArgumentNullException>(() => new HelperLimits(null!, 1)).ParamName);
        var none = Assert.Throws<ArgumentException>(() => new HelperLimits([], 1));
        Assert.Equal("perNode", none.ParamName);
        Assert.StartsWith("perNode must give a cap for at least one node.", none.Message);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => new HelperLimits([0, 1, -1], 1));
        Assert.Equal(("perNode", (object?)(-1)), (negative.ParamName, negative.ActualValue));
        Assert.StartsWith("the cap of node 2 must be 0 or more.", negative.Message);
        Assert.Equal(0, new HelperLimits([0], 0).SystemWide);
        Assert.Equal("topology", Assert.Throws<ArgumentNullException>(() => HelperLimits.For(null!)).ParamName);
        Assert.Equal("cpus", Assert.Throws<ArgumentOutOfRangeException>(() => HelperLimits.DefaultCap(-1)).ParamName);
        var mismatch = Assert.Throws<ArgumentException>(() => new PadataEngine(2, Topology.Uniform(2, 2), new HelperLimits([1, 1, 1], 1)));
        Assert.StartsWith("limits give caps for 3 node(s); the topology has 2.", mismatch.Message);
        Assert.Equal("topology", Assert.Throws<ArgumentNullException>(() => new PadataEngine(1, null!)).ParamName);
    }

    [Fact]
    public void A_job_names_its_node_unless_it_is_0_and_says_when_it_is_NUMA_aware()
    {
        ChunkFunction nothing = (_, _) => { };
        var plain = new MultithreadedJob(0, 4, 1, 1, 2, nothing) { Node = 0 };
        Assert.Equal((0, false), (plain.Node, plain.NumaAware));
        Assert.Equal("job[start=0, size=4, align=1, min_chunk=1, max_threads=2]", plain.ToString());
        var both = new MultithreadedJob(0, 4, 1, 1, 2, nothing) { Node = 3, NumaAware = true };
        Assert.Equal((3, true), (both.Node, both.NumaAware));
        Assert.Equal("job[start=0, size=4, align=1, min_chunk=1, max_threads=2, node=3, numa_aware]", both.ToString());
        Assert.Equal("job[start=0, size=4, align=1, min_chunk=1, max_threads=2, numa_aware]",
                     new MultithreadedJob(0, 4, 1, 1, 2, nothing) { NumaAware = true }.ToString());
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => new MultithreadedJob(0, 4, 1, 1, 2, nothing) { Node = -1 });
        Assert.Equal(("Node", (object?)(-1)), (negative.ParamName, negative.ActualValue));
        Assert.StartsWith("Node must be 0 or more (a node of the engine's topology).", negative.Message);
    }

    [Fact]
    public void A_helper_gives_its_place_under_the_cap_back_when_it_finishes_so_the_next_job_gets_it_again()
    {
        // One node capped at 1 helper, pool 2: each job of 2 one-unit chunks asks for 1 helper and,
        // run one after another with the engine idle in between, each is granted it.
        var engine = new PadataEngine(2, Topology.Uniform(1, 4), new HelperLimits([1], 1));
        for (int run = 0; run < 3; run++)
        {
            // Each chunk waits until both workers are in one, so the helper always starts (a helper
            // the caller finds still queued when it runs out of chunks is cancelled, not granted less).
            int entered = 0;
            var job = new MultithreadedJob(0, 2, 1, 1, 2, (_, _) =>
            {
                Interlocked.Increment(ref entered);
                Bounded.Until(() => Volatile.Read(ref entered) == 2, engine, "both workers in a chunk");
            });
            JobResult result = Bounded.Call(() => engine.DoMultithreaded(job), engine, $"job {run} under a cap of 1");
            Assert.Equal(2, result.Workers);
            Bounded.Until(() => engine.Snapshot() is { } s && s.IdleWorkerThreads == s.WorkerThreads && s.QueuedHelpers == 0, engine, "the engine idle after the job");
        }
        Bounded.Call(() => { engine.Dispose(); return 0; }, engine, "Dispose");
    }

    [Fact]
    public void A_job_of_one_thread_is_legal_and_runs_on_its_caller_alone()
    {
        // maxThreads = 1 is the smallest legal value (the caller is always a worker); 0 is refused.
        var job = new MultithreadedJob(0, 8, 1, 1, 1, (_, _) => { });
        Assert.Equal(1, job.MaxThreads);
        using var engine = new BoundedEngine(2);
        Assert.Equal(1, engine.DoMultithreaded(job).Workers);
        Assert.Equal("maxThreads", Assert.Throws<ArgumentOutOfRangeException>(() => new MultithreadedJob(0, 8, 1, 1, 0, (_, _) => { })).ParamName);
    }
}
