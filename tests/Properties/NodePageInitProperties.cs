using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Padata.Models;
using Padata.Reference;

namespace Padata.Properties;

/// <summary>
/// Deferred page init as the kernel boots (docs/design.md §7.3): one caller per node on one engine
/// whose topology is the layout's, each running its node's jobs, one per present range
/// (<c>deferred_init_memmap</c>'s loop). The expected jobs are restated here from the kernel's loop
/// over plain layout data, and the pages are judged by the test reference (tests/Reference).
/// </summary>
[Properties(Arbitrary = [typeof(LayoutGenerators)], MaxTest = 100)]
public class NodePageInitProperties
{
    /// <summary>
    /// The kernel's loop for one node: per zone in order, per present range (ascending) that ends
    /// past the previous job's end, a job from max(range start, that end) to the range's end rounded
    /// up to a section (<c>ALIGN(epfn, PAGES_PER_SECTION)</c>); ranges ending at or before it were
    /// taken by the previous job's rounding. Zone index, start and end of each job.
    /// </summary>
    private static List<(int ZoneIndex, ulong Start, ulong End)> KernelJobs(MemoryLayout layout, int nodeIndex, ulong section)
    {
        var jobs = new List<(int, ulong, ulong)>();
        int node = layout.Nodes[nodeIndex].Id;
        foreach (PageInitReference.ZoneFacts zone in PageInitReference.Zones(layout).Where(z => z.Node == node))
        {
            ulong end = zone.SpanStart;
            foreach (var (start, stop) in zone.Present)
            {
                if (stop <= end)
                    continue;
                ulong from = start > end ? start : end;
                end = stop % section == 0 ? stop : stop - stop % section + section;
                jobs.Add((zone.ZoneIndex, from, end));
            }
        }
        return jobs;
    }

    private static int ZoneIndexOf(MemoryLayout layout, Zone zone) => layout.Nodes.Single(n => n == zone.Node).Zones.ToList().IndexOf(zone.Layout);

    [Property]
    public Property Each_nodes_jobs_are_the_kernels_range_loop_with_section_alignment_its_CPUs_and_its_node(LayoutShape shape)
    {
        var model = new MemoryModel(shape.ToLayout());
        ulong section = model.Geometry.PagesPerSection;
        int ranges = 0;
        for (int n = 0; n < model.Layout.Nodes.Count; n++)
        {
            IReadOnlyList<RangeInitJob> jobs = DeferredPageInit.NodeJobs(model, n);
            var expected = KernelJobs(model.Layout, n, section);
            Assert.Equal(expected, jobs.Select(j => (ZoneIndexOf(model.Layout, j.Zone), j.Range.Start, j.Range.End)));
            int cpus = shape.Nodes[n].Cpus;
            Assert.All(jobs, j =>
            {
                Assert.Same(model.Layout.Nodes[n], j.Zone.Node);
                Assert.Equal((j.Range.Start, j.Range.End - j.Range.Start, section, section, cpus, n),
                             (j.Job.Start, j.Job.Size, j.Job.Align, j.Job.MinChunk, j.Job.MaxThreads, j.Job.Node));
            });
            ranges += expected.Count;
        }
        return true.ToProperty().Classify(ranges > model.Zones.Count, "several jobs in a zone").Classify(model.Layout.Nodes.Count > 1, "several nodes");
    }

    [Property]
    public void The_topology_a_layout_boots_on_has_its_nodes_CPUs_in_order(LayoutShape shape) =>
        Assert.Equal(shape.Nodes.Select(n => n.Cpus), DeferredPageInit.TopologyOf(shape.ToLayout()).CpusPerNode);

    [Property]
    public Property Every_node_at_once_leaves_every_page_struct_and_free_list_as_the_kernel_rules_do(LayoutShape shape)
    {
        var model = new MemoryModel(shape.ToLayout());
        var engine = new PadataEngine(shape.PoolCapacity, DeferredPageInit.TopologyOf(model.Layout));
        IReadOnlyList<RangeInitResult> results = Bounded.Call(() => DeferredPageInit.RunConcurrently(engine, model), engine, $"every node at once: {shape}");
        Bounded.Call(() => { engine.Dispose(); return 0; }, engine, "Dispose");

        Assert.Empty(model.Zones.SelectMany(z => PageInitReference.Differences(model, z)));
        // One result per job, node by node, each naming its zone (node id / zone name) and range.
        var expected = Enumerable.Range(0, model.Layout.Nodes.Count)
            .SelectMany(n => KernelJobs(model.Layout, n, model.Geometry.PagesPerSection)
                .Select(j => ($"node{model.Layout.Nodes[n].Id}/{model.Layout.Nodes[n].Zones[j.ZoneIndex].Name}", j.Start, j.End)));
        Assert.Equal(expected, results.Select(r => (r.Zone, r.Range.Start, r.Range.End)));
        Assert.All(results, r => Assert.InRange(r.Job.Workers, 1, int.MaxValue));
        return true.ToProperty().Classify(model.Layout.Nodes.Count > 1, "several nodes");
    }

    // A worked example at the tiny geometry (sections of 4 pages): node 0 (2 CPUs) with DMA [0, 16)
    // present at [1, 2), [3, 6), [9, 14) and Normal [16, 24) all present; node 1 (1 CPU unless said)
    // with Normal [24, 32) present at [25, 27).
    private static MemoryLayout Example(int node1Cpus = 1) => new(MemoryGeometry.Tiny,
    [
        new NodeLayout(0, 2,
        [
            new ZoneLayout("DMA", new PfnRange(0, 16), [new PfnRange(1, 2), new PfnRange(3, 6), new PfnRange(9, 14)]),
            new ZoneLayout("Normal", new PfnRange(16, 24), [new PfnRange(16, 24)]),
        ]),
        new NodeLayout(1, node1Cpus, [new ZoneLayout("Normal", new PfnRange(24, 32), [new PfnRange(25, 27)])]),
    ]);

    [Fact]
    public void Worked_example_a_range_inside_the_previous_jobs_section_joins_that_job_and_one_past_it_starts_at_its_end()
    {
        var model = new MemoryModel(Example());
        // [1, 2) rounds up to 4, which takes [3, 4) of [3, 6); the rest, [4, 6), rounds up to 8; [9, 14) to 16.
        Assert.Equal(
            [
                "node0/DMA [1, 4): job[start=1, size=3, align=4, min_chunk=4, max_threads=2]",
                "node0/DMA [4, 8): job[start=4, size=4, align=4, min_chunk=4, max_threads=2]",
                "node0/DMA [9, 16): job[start=9, size=7, align=4, min_chunk=4, max_threads=2]",
                "node0/Normal [16, 24): job[start=16, size=8, align=4, min_chunk=4, max_threads=2]",
            ],
            DeferredPageInit.NodeJobs(model, 0).Select(j => j.ToString()));
        Assert.Equal(["node1/Normal [25, 28): job[start=25, size=3, align=4, min_chunk=4, max_threads=1, node=1]"],
                     DeferredPageInit.NodeJobs(model, 1).Select(j => j.ToString()));
        Assert.Equal([2, 1], DeferredPageInit.TopologyOf(model.Layout).CpusPerNode);
    }

    [Fact]
    public void Bad_arguments_are_refused_naming_the_parameter_and_the_rule()
    {
        var model = new MemoryModel(Example());
        foreach (int bad in new[] { -1, 2 })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => DeferredPageInit.NodeJobs(model, bad));
            Assert.Equal(("nodeIndex", (object?)bad), (e.ParamName, e.ActualValue));
            Assert.StartsWith("nodeIndex must be from 0 to 1.", e.Message);
        }
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => DeferredPageInit.NodeJobs(null!, 0)).ParamName);
        Assert.Equal("layout", Assert.Throws<ArgumentNullException>(() => DeferredPageInit.TopologyOf(null!)).ParamName);
        using var engine = new PadataEngine(2, DeferredPageInit.TopologyOf(model.Layout));
        Assert.Equal("engine", Assert.Throws<ArgumentNullException>(() => DeferredPageInit.RunNode(null!, model, 0)).ParamName);
        Assert.Equal("engine", Assert.Throws<ArgumentNullException>(() => DeferredPageInit.RunConcurrently(null!, model)).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => DeferredPageInit.RunConcurrently(engine, null!)).ParamName);
        using var oneNode = new PadataEngine(2);
        var wrong = Assert.Throws<ArgumentException>(() => DeferredPageInit.RunConcurrently(oneNode, model));
        Assert.Equal("engine", wrong.ParamName);
        Assert.StartsWith("the engine has 1 node(s), the layout 2: build it on DeferredPageInit.TopologyOf(layout).", wrong.Message);
    }

    [Fact]
    public void When_callers_fail_every_caller_finishes_and_each_failed_node_is_named()
    {
        var model = new MemoryModel(Example());
        var engine = new PadataEngine(2, DeferredPageInit.TopologyOf(model.Layout));
        engine.Dispose();  // every node's first job is then refused
        var failed = Assert.Throws<AggregateException>(() => Bounded.Call(() => DeferredPageInit.RunConcurrently(engine, model), engine, "every node at once on a disposed engine"));
        Assert.StartsWith("deferred init failed on node index 0, node index 1", failed.Message);
        Assert.Equal(2, failed.InnerExceptions.Count);
        Assert.All(failed.InnerExceptions, e => Assert.IsType<ObjectDisposedException>(e));

        // Node 1 with nothing present runs no job and does not fail: only node 0 is named.
        var partly = new MemoryModel(new MemoryLayout(MemoryGeometry.Tiny,
        [
            new NodeLayout(0, 2, [new ZoneLayout("Normal", new PfnRange(0, 8), [new PfnRange(0, 8)])]),
            new NodeLayout(1, 2, [new ZoneLayout("Normal", new PfnRange(8, 16), [])]),
        ]));
        var other = new PadataEngine(2, DeferredPageInit.TopologyOf(partly.Layout));
        other.Dispose();
        var one = Assert.Throws<AggregateException>(() => Bounded.Call(() => DeferredPageInit.RunConcurrently(other, partly), other, "one node failing, one with no job"));
        Assert.StartsWith("deferred init failed on node index 0 (", one.Message);
        Assert.IsType<ObjectDisposedException>(Assert.Single(one.InnerExceptions));
    }

    [Fact]
    public void Zone_after_zone_on_an_engine_of_the_layouts_nodes_runs_each_zones_helpers_on_its_node()
    {
        // Node 1 (2 CPUs here) may run no helper (cap 0): its zone's job runs on its caller alone;
        // node 0's zones get their helper.
        var model = new MemoryModel(Example(node1Cpus: 2));
        var engine = new PadataEngine(4, DeferredPageInit.TopologyOf(model.Layout), new HelperLimits([4, 0], 4));
        IReadOnlyList<ZoneInitResult> results = Bounded.Call(() => DeferredPageInit.Run(engine, model), engine, "zone after zone, node 1 capped at 0");
        Bounded.Call(() => { engine.Dispose(); return 0; }, engine, "Dispose");
        Assert.Equal([("node0/DMA", 9UL, 2), ("node0/Normal", 8UL, 2), ("node1/Normal", 2UL, 1)], results.Select(r => (r.Zone, r.PresentPages, r.Job.Workers)));
        Assert.Empty(model.Zones.SelectMany(z => PageInitReference.Differences(model, z)));

        // On an engine of one node, every zone's helpers run on node 0, node 1's zone included.
        var other = new MemoryModel(Example(node1Cpus: 2));
        var oneNode = new PadataEngine(4);
        results = Bounded.Call(() => DeferredPageInit.Run(oneNode, other), oneNode, "zone after zone on one node");
        Bounded.Call(() => { oneNode.Dispose(); return 0; }, oneNode, "Dispose");
        Assert.Equal([("node0/DMA", 9UL, 2), ("node0/Normal", 8UL, 2), ("node1/Normal", 2UL, 2)], results.Select(r => (r.Zone, r.PresentPages, r.Job.Workers)));
        Assert.Empty(other.Zones.SelectMany(z => PageInitReference.Differences(other, z)));
    }
}
