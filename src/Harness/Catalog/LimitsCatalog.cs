using Padata.Models;

namespace Padata.Harness.Catalog;

/// <summary>
/// Catalog entries for helper limits and NUMA placement (docs/design.md §7.3): caps per node and
/// system-wide under concurrent jobs, a job never blocking on a cap, round-robin placement of
/// NUMA-aware helpers, and deferred init with one caller per node running at once. Part of
/// <see cref="ScenarioCatalog"/>.
/// </summary>
internal static class LimitsCatalog
{
    public static IEnumerable<CatalogEntry> Entries()
    {
        Topology twoNodes = Topology.Uniform(2, 2);
        // Exhaustive, one caller: a system cap of 1 grants one of the two helpers the pool could
        // give; a node cap of 0 sends a NUMA-aware job's helper past its node to the next.
        yield return Exhaustive(new LimitsScenario("limits/system-cap-1-one-job", 2, twoNodes, new HelperLimits([2, 2], 1),
            [[new JobSpec(0, 3, 1, 0, 3)]]));
        yield return Exhaustive(new LimitsScenario("numa/node-cap-0-passed-over", 2, twoNodes, new HelperLimits([0, 1], 2),
            [[new JobSpec(0, 3, 1, 0, 3) { NumaAware = true }]]));

        // Two callers at once with helpers on two workqueues: beyond exhaustive exploration here
        // (DFS passed 3,800 to 5,200 schedules in 15 s on each without finishing), so sampled.
        // Two jobs on different nodes, one helper each wanted, a system cap of 1: at most one
        // helper runs at a time; with long chunks a second helper running is seen directly.
        yield return Sampled(new LimitsScenario("limits/system-cap-1-two-nodes", 2, twoNodes, new HelperLimits([1, 1], 1),
            [[new JobSpec(0, 2, 1, 0, 2)], [new JobSpec(0, 2, 1, 0, 2) { Node = 1 }]], longChunks: true));
        // Two jobs on one node whose cap is 1 (the system cap would allow both).
        yield return Sampled(new LimitsScenario("limits/node-cap-1-same-node", 2, twoNodes, new HelperLimits([1, 1], 2),
            [[new JobSpec(0, 2, 1, 0, 2)], [new JobSpec(0, 2, 1, 0, 2)]], longChunks: true));
        // A job never blocks on a cap: caller 0's chunks wait for caller 1's job, which finds the
        // only place under the system cap possibly held by caller 0's helper and must run alone.
        yield return Sampled(new LimitsScenario("limits/never-blocks-on-cap", 2, twoNodes, new HelperLimits([1, 1], 1),
            [[new JobSpec(0, 2, 1, 0, 2)], [new JobSpec(0, 2, 1, 0, 2) { Node = 1 }]], firstWaitsForSecond: true));
        // One NUMA-aware job wanting 2 helpers on 2 nodes of cap 1: one helper per node.
        yield return Sampled(new LimitsScenario("numa/one-job-2-helpers-caps-1", 2, twoNodes, new HelperLimits([1, 1], 2),
            [[new JobSpec(0, 3, 1, 0, 3) { NumaAware = true }]], longChunks: true));
        // Two NUMA-aware jobs at once, no cap binding: their helpers go to different nodes.
        yield return Sampled(new LimitsScenario("numa/two-jobs-round-robin", 2, twoNodes, HelperLimits.None(2),
            [[new JobSpec(0, 2, 1, 0, 2) { NumaAware = true }], [new JobSpec(0, 2, 1, 0, 2) { NumaAware = true }]], longChunks: true));
        // The same at every field access: the round-robin cursor read and advanced apart loses updates here.
        yield return new CatalogEntry(new LimitsScenario("races/numa-two-jobs-round-robin", 2, twoNodes, HelperLimits.None(2),
            [[new JobSpec(0, 2, 1, 0, 2) { NumaAware = true }], [new JobSpec(0, 2, 1, 0, 2) { NumaAware = true }]], longChunks: true),
            Coverage.Sampled, ScenarioCatalog.Samples(500, memoryAccesses: true));
        // Two callers sharing a one-item pool on an engine of 16 nodes, two jobs each on node 15, at every
        // field access: one caller's take can fall between the other's return of the item and its last
        // touch of it. Between binding its item and queueing the helper, a caller looks at every node's
        // helpers, so 16 nodes widen that window to a few dozen scheduling points: PCT with 10 change
        // points finds zoo entry unbind-after-return at schedule 71 (seed 1; seeds 1 to 10: median 549, at
        // most 2,280). The harness's own field reads are scheduling points here too, so the count moves
        // whenever the scenario's code does: 159 (median 925 over 10 seeds) while the callers' steps were
        // written inline; on the engine before the pool counted cancelled helpers, 202, 201, 1,118 and 406
        // with seeds 1 to 4. On one node, races/2-callers-pool-1 passes 4,000 schedules of PCT with 3 or 10.
        JobSpec[] onNode15 = [new JobSpec(0, 2, 1, 0, 2) { Node = 15 }, new JobSpec(0, 2, 1, 0, 2) { Node = 15 }];
        yield return new CatalogEntry(new LimitsScenario("races/2-callers-pool-1-16-nodes", 1, Topology.Uniform(16, 1), HelperLimits.None(16),
            [onNode15, onNode15]),
            Coverage.Sampled, [new ExplorationBudget(Strategy.Pct, 2_000, Seed: 1, PctChangePoints: 10, MemoryAccesses: true)]);
        // Larger: 3 nodes, 3 callers, mixed NUMA-aware and node jobs, caps 1 per node and 2 in all.
        yield return new CatalogEntry(new LimitsScenario("limits/sampled-3-nodes-3-callers", 3, Topology.Uniform(3, 2), new HelperLimits([1, 1, 1], 2),
            [[new JobSpec(0, 4, 1, 0, 3) { NumaAware = true }], [new JobSpec(0, 3, 1, 0, 2) { Node = 1 }], [new JobSpec(0, 4, 1, 1, 3) { Node = 2 }, new JobSpec(0, 2, 1, 0, 2) { NumaAware = true }]],
            longChunks: true),
            Coverage.Sampled, ScenarioCatalog.Samples(1_000));

        // Per-node ranges (docs/design.md §7.3.1): two nodes, ranges of 2 units of chunk 1. Exhaustive
        // with one helper (pool 1): node 0's, confined to node 0's range; node 1's is the caller's
        // alone. A helper per node (pool 2: 3 workers, 4 chunks) is beyond exhaustive exploration here
        // (DFS passed 39,000 schedules in 105 s without finishing on the anywhere shape): sampled.
        PerNodeSpec TwoRanges(bool anywhere = false) => PerNodeSpec.Adjacent(2, 2, 1, 0, 2) with { Anywhere = anywhere };
        Topology oneCpuHelper = Topology.Uniform(2, 2);
        yield return Exhaustive(new PerNodeScenario("per-node/2-nodes-pool-1", 1, oneCpuHelper, new HelperLimits([1, 1], 2), [TwoRanges()]));
        // Anywhere, exhaustive: node 0 asks for a helper its cap of 0 refuses, so it is placed on
        // node 1 (whose own one-unit range asks for none) and may run node 0's range.
        yield return Exhaustive(new PerNodeScenario("per-node/anywhere-pool-1", 1, oneCpuHelper, new HelperLimits([0, 1], 2),
            [new PerNodeSpec([new NodeRange(0, 0, 2), new NodeRange(1, 2, 1)], 1, 0, 2) { Anywhere = true }]));
        yield return Sampled(new PerNodeScenario("per-node/2-nodes-pool-2", 2, oneCpuHelper, new HelperLimits([1, 1], 2), [TwoRanges()]));
        yield return Sampled(new PerNodeScenario("per-node/anywhere-node-cap-0", 2, oneCpuHelper, new HelperLimits([2, 0], 2), [TwoRanges(anywhere: true)]));
        // Larger, sampled: two callers' per-node jobs on one pool of 2 under a system cap of 1, one strict, one anywhere.
        yield return Sampled(new PerNodeScenario("per-node/two-callers-system-cap-1", 2, oneCpuHelper, new HelperLimits([1, 1], 1),
            [TwoRanges(), TwoRanges(anywhere: true) with { Node = 1 }], longChunks: true));
        // Three nodes, uneven ranges with a gap, two helpers wanted on node 0, caps 1 per node.
        yield return Sampled(new PerNodeScenario("per-node/3-nodes-uneven", 3, Topology.Uniform(3, 2), new HelperLimits([1, 1, 1], 3),
            [new PerNodeSpec([new NodeRange(0, 0, 6), new NodeRange(1, 8, 2), new NodeRange(2, 10, 1), new NodeRange(0, 12, 2)], 1, 2, 3)], longChunks: true));
        // The hand-out at every field access: a range read and advanced outside the job's lock hands a chunk out twice.
        yield return new CatalogEntry(new PerNodeScenario("races/per-node-2-nodes", 2, oneCpuHelper, new HelperLimits([1, 1], 2), [TwoRanges()]),
            Coverage.Sampled, ScenarioCatalog.Samples(500, memoryAccesses: true));

        // Deferred init, one caller per node at once (tiny geometry: sections of 4 pages). Two nodes
        // of one zone of two sections each.
        MemoryGeometry tiny = MemoryGeometry.Tiny;
        static NodeLayout Node(int id, int cpus, ulong start, params (ulong Start, ulong End)[] present) =>
            new(id, cpus, [new ZoneLayout("Normal", new PfnRange(start, start + 8), present.Select(r => new PfnRange(r.Start, r.End)).ToArray())]);
        CatalogEntry PageInit(string name, int pool, HelperLimits limits, Coverage coverage, params NodeLayout[] nodes) =>
            new(new PageInitNodesScenario(name, new MemoryLayout(tiny, nodes), pool, limits), coverage,
                coverage == Coverage.Exhaustive ? [ScenarioCatalog.Dfs] : ScenarioCatalog.Samples(1_000));

        // One CPU per node: each job is its caller's alone; the callers themselves interleave.
        yield return PageInit("page-init-nodes/2-nodes-1-cpu", 1, new HelperLimits([1, 1], 1), Coverage.Exhaustive,
            Node(0, 1, 0, (0, 8)), Node(1, 1, 8, (8, 16)));
        // Two CPUs per node, default caps (1 per node, 3 in all), pool 1: the node callers race for
        // the one item (DFS passed 27,471 schedules in 420 s here without finishing: sampled).
        yield return PageInit("page-init-nodes/2-nodes-2-cpus-pool-1", 1, HelperLimits.For(Topology.Uniform(2, 2)), Coverage.Sampled,
            Node(0, 2, 0, (0, 8)), Node(1, 2, 8, (8, 16)));
        // Pool 2, system cap 1: both callers want a helper, one at a time may have it.
        yield return PageInit("page-init-nodes/2-nodes-2-cpus-system-cap-1", 2, new HelperLimits([1, 1], 1), Coverage.Sampled,
            Node(0, 2, 0, (0, 8)), Node(1, 2, 8, (8, 16)));
        // Holes: node 0 with two present ranges (two jobs, the second starting mid-section), node 1 short.
        yield return PageInit("page-init-nodes/2-nodes-holes", 2, new HelperLimits([1, 1], 2), Coverage.Sampled,
            Node(0, 2, 0, (0, 3), (5, 8)), Node(1, 2, 8, (9, 16)));
    }

    private static CatalogEntry Exhaustive(Scenario scenario) => new(scenario, Coverage.Exhaustive, [ScenarioCatalog.Dfs]);

    private static CatalogEntry Sampled(Scenario scenario) => new(scenario, Coverage.Sampled, ScenarioCatalog.Samples(1_000));
}
