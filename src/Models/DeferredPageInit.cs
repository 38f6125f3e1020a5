namespace Padata.Models;

/// <summary>
/// Deferred struct page init (the kernel's <c>deferred_init_memmap</c>): per zone, one
/// multithreaded job over the zone's pfns with align = min_chunk = a section and max_threads =
/// the CPUs of the zone's node, whose thread function is <see cref="DeferredInitChunk"/>.
/// <see cref="Run"/> does the zones one after another from one caller, each job waited for before
/// the next (the sequential way, kept for comparison).
/// <para>
/// <see cref="RunConcurrently"/> does it as the kernel boots (docs/design.md §7.3): one caller per
/// node (the kernel's <c>pgdatinit</c> threads), all started together on the one engine, each running
/// its node's zones in order as <see cref="NodeJobs"/> lists them: one job per contiguous present range,
/// like <c>deferred_init_memmap</c>'s loop.
/// </para>
/// </summary>
public static class DeferredPageInit
{
    /// <summary>The multithreaded job that initializes <paramref name="zone"/> of <paramref name="model"/>.</summary>
    public static MultithreadedJob JobFor(MemoryModel model, Zone zone)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(zone);
        if (!model.Zones.Contains(zone))
            throw new ArgumentException($"zone {zone} is not a zone of this model.", nameof(zone));
        return JobFor(model, zone, node: 0);
    }

    /// <summary>As <see cref="JobFor(MemoryModel, Zone)"/>, with its helpers on the engine's node <paramref name="node"/>.</summary>
    private static MultithreadedJob JobFor(MemoryModel model, Zone zone, int node)
    {
        ulong section = model.Geometry.PagesPerSection;
        return new MultithreadedJob(zone.Span.Start, zone.Span.Length, align: section, minChunk: section,
                                    maxThreads: zone.Node.Cpus, new DeferredInitChunk(model.Memmap, zone).Run) { Node = node };
    }

    private static int IndexOf(MemoryLayout layout, NodeLayout node)
    {
        for (int i = 0; i < layout.Nodes.Count; i++)
            if (ReferenceEquals(layout.Nodes[i], node))
                return i;
        throw new ArgumentException($"node {node.Id} is not a node of this layout.", nameof(node));
    }

    /// <summary>
    /// The engine topology a layout boots on: one node per node of the layout, in its order, with
    /// that node's CPUs (a layout's node at index i is the engine's node i).
    /// </summary>
    public static Topology TopologyOf(MemoryLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return new Topology(layout.Nodes.Select(n => n.Cpus).ToArray());
    }

    /// <summary>
    /// The jobs the caller of the node at <paramref name="nodeIndex"/> runs, in order (the kernel's
    /// <c>deferred_init_memmap</c> loop): per zone, per present range that reaches past the end of
    /// the previous job, a job from the range's start (or that end, if later) to the range's end
    /// rounded up to a section, with align = min_chunk = a section, max_threads = the node's CPUs,
    /// and its helpers on the node (<see cref="MultithreadedJob.Node"/>). The rounding hands the
    /// pages of later ranges in the same section to this job: its chunks walk every present range
    /// of the zone they cover.
    /// </summary>
    public static IReadOnlyList<RangeInitJob> NodeJobs(MemoryModel model, int nodeIndex)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (nodeIndex < 0 || nodeIndex >= model.Layout.Nodes.Count)
            throw new ArgumentOutOfRangeException(nameof(nodeIndex), nodeIndex, $"nodeIndex must be from 0 to {model.Layout.Nodes.Count - 1}.");
        NodeLayout node = model.Layout.Nodes[nodeIndex];
        ulong section = model.Geometry.PagesPerSection;
        var jobs = new List<RangeInitJob>();
        foreach (Zone zone in model.Zones.Where(z => z.Node == node))
        {
            ChunkFunction init = new DeferredInitChunk(model.Memmap, zone).Run;
            ulong done = zone.Span.Start;
            // The array, not the IReadOnlyList: enumerating a struct through the interface is a
            // generic instantiation ReadyToRun code cannot carry, compiled on the first job.
            foreach (PfnRange present in zone.PresentRanges)
            {
                if (present.End <= done)
                    continue;
                ulong start = Math.Max(present.Start, done);
                done = (present.End + section - 1) / section * section;
                var range = new PfnRange(start, done);
                jobs.Add(new RangeInitJob(zone, range, new MultithreadedJob(start, range.Length, align: section, minChunk: section,
                                                                            maxThreads: node.Cpus, init) { Node = nodeIndex }));
            }
        }
        return jobs;
    }

    /// <summary>The work of one node's caller: its <see cref="NodeJobs"/>, one after another.</summary>
    public static IReadOnlyList<RangeInitResult> RunNode(PadataEngine engine, MemoryModel model, int nodeIndex)
    {
        ArgumentNullException.ThrowIfNull(engine);
        IReadOnlyList<RangeInitJob> jobs = NodeJobs(model, nodeIndex);
        var results = new RangeInitResult[jobs.Count];
        for (int i = 0; i < jobs.Count; i++)
            results[i] = new RangeInitResult(jobs[i].Zone.Name, jobs[i].Range, engine.DoMultithreaded(jobs[i].Job));
        return results;
    }

    /// <summary>
    /// Initializes every node of <paramref name="model"/> at once, as the kernel boots: one caller
    /// per node (a new thread for each node but the last, whose caller is the calling thread), all
    /// started before any is waited for, each running <see cref="RunNode"/> on
    /// the shared <paramref name="engine"/>, whose topology must have the layout's nodes
    /// (<see cref="TopologyOf"/>). Returns every job's result, node by node; when callers fail, throws
    /// an <see cref="AggregateException"/> of their exceptions after every caller has finished.
    /// </summary>
    public static IReadOnlyList<RangeInitResult> RunConcurrently(PadataEngine engine, MemoryModel model)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(model);
        int nodes = model.Layout.Nodes.Count;
        if (engine.Topology.NodeCount != nodes)
            throw new ArgumentException($"the engine has {engine.Topology.NodeCount} node(s), the layout {nodes}: build it on DeferredPageInit.TopologyOf(layout).", nameof(engine));

        var results = new IReadOnlyList<RangeInitResult>?[nodes];
        var errors = new Exception?[nodes];
        void Caller(int node)
        {
            try
            {
                results[node] = RunNode(engine, model, node);
            }
            catch (Exception e)
            {
                errors[node] = e;
            }
        }

        // All started before any is waited for, as the kernel starts every pgdatinit thread and
        // then waits for them all; the last node's caller is this thread, which would otherwise
        // only wait (one thread fewer to start: with one node, none, so a job is not delayed by a
        // new thread waiting for a CPU; docs/benchmarks.md, "Cold and warm"). Background and
        // unnamed, like the engine's threads (a named thread escapes the controlled scheduler);
        // each writes its own slots only, and the joins publish them to this thread.
        var callers = new Thread[nodes - 1];
        for (int n = 0; n < nodes - 1; n++)
        {
            // A copy per caller: the lambda would otherwise share the loop's one variable, and a
            // caller that starts late would read a later node's index (two callers on one node).
            int node = n;
            callers[n] = new Thread(() => Caller(node)) { IsBackground = true };
            callers[n].Start();
        }
        Caller(nodes - 1);
        foreach (Thread caller in callers)
            caller.Join();

        if (errors.Any(e => e is not null))
            throw new AggregateException("deferred init failed on " + string.Join(", ", errors.Select((e, i) => (e, i)).Where(x => x.e is not null).Select(x => $"node index {x.i}")),
                                         errors.OfType<Exception>());
        return results.SelectMany(r => r!).ToArray();
    }

    /// <summary>
    /// Initializes every node of <paramref name="model"/> from this thread as one per-node job
    /// (ktask's <c>ktask_run_numa</c>, docs/design.md §7.3.1): the ranges are every node's
    /// <see cref="NodeJobs"/> ranges (each clipped to its zone's span), each on its node, so each is worked by its node's helpers and
    /// this caller (by any helper with <paramref name="anywhere"/>). The chunk rule per range is the
    /// kernel's with align = min_chunk = a section; max_threads is the largest node's CPUs (one value
    /// for the job; equal to each node's on a uniform machine). A chunk lies inside one range, so
    /// inside one zone, whose thread function runs it. The engine's topology must have the layout's
    /// nodes (<see cref="TopologyOf"/>).
    /// </summary>
    public static PerNodeJobResult RunPerNodeRanges(PadataEngine engine, MemoryModel model, bool anywhere = false)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(model);
        int nodes = model.Layout.Nodes.Count;
        if (engine.Topology.NodeCount != nodes)
            throw new ArgumentException($"the engine has {engine.Topology.NodeCount} node(s), the layout {nodes}: build it on DeferredPageInit.TopologyOf(layout).", nameof(engine));
        var ranges = new List<NodeRange>();
        var zones = new List<(PfnRange Range, ChunkFunction Init)>();
        for (int node = 0; node < nodes; node++)
            foreach (RangeInitJob job in NodeJobs(model, node))
            {
                // A job's end rounded up to a section may reach past its zone into the next zone's
                // span (each job's thread function touches its own zone's pages only); the ranges
                // of one job must not overlap, so each ends at its zone's end at the latest.
                var range = new PfnRange(job.Range.Start, Math.Min(job.Range.End, job.Zone.Span.End));
                ranges.Add(new NodeRange(node, range.Start, range.Length));
                zones.Add((range, job.Job.ThreadFunction));
            }
        void Init(ulong start, ulong end)
        {
            // The range holding the chunk (a handful per node): its zone's thread function.
            foreach (var (range, init) in zones)
                if (start >= range.Start && start < range.End)
                {
                    init(start, end);
                    return;
                }
            throw new InvalidOperationException($"chunk [{start}, {end}) lies in no range of the per-node job.");
        }
        ulong section = model.Geometry.PagesPerSection;
        int maxThreads = model.Layout.Nodes.Max(n => n.Cpus);
        return engine.DoMultithreadedPerNode(new PerNodeJob(ranges, align: section, minChunk: section, maxThreads, Init) { Anywhere = anywhere });
    }

    /// <summary>Initializes every zone of <paramref name="model"/> on <paramref name="engine"/>, zone after zone from this thread (the sequential way).</summary>
    public static IReadOnlyList<ZoneInitResult> Run(PadataEngine engine, MemoryModel model)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(model);
        // On an engine of the layout's topology each zone's helpers run on its node (the kernel's
        // pgdatinit thread runs on its node's CPUs); on any other engine, on node 0.
        bool ownNodes = engine.Topology.NodeCount == model.Layout.Nodes.Count;
        var results = new List<ZoneInitResult>(model.Zones.Count);
        foreach (Zone zone in model.Zones)
        {
            int node = ownNodes ? IndexOf(model.Layout, zone.Node) : 0;
            results.Add(new ZoneInitResult(zone.Name, zone.PresentPages, engine.DoMultithreaded(JobFor(model, zone, node))));
        }
        return results;
    }
}
