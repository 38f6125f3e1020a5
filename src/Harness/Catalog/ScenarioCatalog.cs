using Padata.Models;
using Padata.Reference;

namespace Padata.Harness.Catalog;

/// <summary>
/// Every built-in scenario and how it is explored: the exhaustive small domain, throwing chunks,
/// the pool, shutdown, and sampled larger shapes with concurrent jobs.
/// </summary>
internal static class ScenarioCatalog
{
    /// <summary>
    /// Far above any exhaustive entry of the default run (the largest needs 125,712), and a bound
    /// on a run with <c>--no-reduction</c> (about an hour at 1,000 schedules/s): an entry that
    /// needs more is reported INCOMPLETE, never exhausted.
    /// </summary>
    private const uint DfsScheduleLimit = 4_000_000;

    /// <summary>The DFS exploration of an exhaustive entry, with the sound thread-start reduction.</summary>
    public static ExplorationBudget Dfs => new(Strategy.Dfs, DfsScheduleLimit, Reduction: Reduction.ThreadStarts);

    /// <summary>The default samples: PCT and random, fixed seeds, so a check is repeatable.</summary>
    public static IReadOnlyList<ExplorationBudget> Samples(uint schedules, bool memoryAccesses = false) =>
    [
        new(Strategy.Pct, schedules, Seed: 1, MemoryAccesses: memoryAccesses),
        new(Strategy.Random, schedules, Seed: 1, MemoryAccesses: memoryAccesses),
    ];

    public static IReadOnlyList<CatalogEntry> All { get; } = Build();

    public static CatalogEntry Find(string name) =>
        All.FirstOrDefault(e => e.Name == name)
        ?? throw new ArgumentException($"No scenario named '{name}'. 'padata-verify list' shows them.", nameof(name));

    /// <summary>Entries whose name equals or starts with one of <paramref name="filters"/> (all when none).</summary>
    public static IReadOnlyList<CatalogEntry> Select(IReadOnlyList<string> filters)
    {
        if (filters.Count == 0)
            return All;
        var chosen = All.Where(e => filters.Any(f => e.Name == f || e.Name.StartsWith(f, StringComparison.Ordinal))).ToList();
        string? unmatched = filters.FirstOrDefault(f => !All.Any(e => e.Name == f || e.Name.StartsWith(f, StringComparison.Ordinal)));
        if (unmatched is not null)
            throw new ArgumentException($"No scenario matches '{unmatched}'. 'padata-verify list' shows them.", nameof(filters));
        return chosen;
    }

    private static List<CatalogEntry> Build()
    {
        var entries = new List<CatalogEntry>();
        entries.AddRange(DomainClasses());

        // The historical upstream bugs' shapes, by name, whatever the engine under test plans for them:
        // min_chunk 0 (6d45e1c948a8: chunk size 0, divide by zero) and min_chunk 0 with align 2
        // (24cc57d8faaa: alignment lost), each with one helper.
        entries.Add(Exhaustive("regression/min-chunk-0", 1, new JobSpec(0, 3, 1, 0, 2)));
        entries.Add(Exhaustive("regression/min-chunk-0-align-2", 1, new JobSpec(0, 4, 2, 0, 2)));
        // Chunks in progress while the caller runs (LongChunks): a caller that returns before a
        // helper's chunk has returned is seen doing so.
        entries.Add(Exhaustive("basic/one-helper-two-chunks", 1, new JobSpec(0, 2, 1, 0, 2) { LongChunks = true }));

        // A pool shorter than the request: the chunk size and the number of workers the caller
        // waits for must come from the workers granted. The domain above cannot show a wrong chunk
        // size (its sizes are below 4 chunks per worker, so every chunk there is the min_chunk
        // floor whatever the worker count); these sizes are large enough that it differs.
        entries.Add(Exhaustive("short-pool/8-units-none-granted", 0, new JobSpec(0, 8, 1, 1, 2)));
        entries.Add(Exhaustive("short-pool/16-units-1-of-2-granted", 1, new JobSpec(0, 16, 1, 1, 3)));

        // Throwing chunks: first, middle or last chunk, with a helper; the caller must still wait
        // for every worker, including one whose chunk is still in progress, and get every item back.
        entries.Add(Exhaustive("throws/first-of-2-with-helper", 1, new JobSpec(0, 2, 1, 0, 2, [0]) { LongChunks = true }));
        entries.Add(Exhaustive("throws/last-of-3-with-helper", 1, new JobSpec(0, 3, 1, 0, 2, [2]) { LongChunks = true }));
        entries.Add(Exhaustive("throws/both-of-2-with-helper", 1, new JobSpec(0, 2, 1, 0, 2, [0, 1]) { LongChunks = true }));
        entries.Add(Exhaustive("throws/alone", 0, new JobSpec(0, 3, 1, 0, 2, [1])));
        // Throwing chunks on a busy machine: the caller, out of work after a failure, cancels the
        // helpers that never ran, and still reports every failure and returns every item.
        entries.Add(BusyMachine("busy-machine/throws-first-of-2-with-helper", 1, new JobSpec(0, 2, 1, 0, 2, [0])));
        entries.Add(BusyMachine("busy-machine/throws-last-of-3-two-helpers", 2, new JobSpec(0, 3, 1, 0, 3, [2])));
        // Two jobs in a row on a busy machine: the second job's helpers meet the first job's
        // workqueue threads, still waiting for a CPU, and are cancelled again.
        entries.Add(BusyMachine("busy-machine/two-jobs-in-a-row", 2, new JobSpec(0, 2, 1, 0, 2), new JobSpec(0, 3, 1, 0, 3)));

        // The pool on its own: exclusivity and conservation under every interleaving.
        entries.Add(new CatalogEntry(new PoolScenario("pool/2-takers-of-1-item", 1, [[1], [1]]), Coverage.Exhaustive, [Dfs]));
        entries.Add(new CatalogEntry(new PoolScenario("pool/2-takers-of-2-items", 2, [[2], [1, 1]]), Coverage.Exhaustive, [Dfs]));

        // Shutdown with every interleaving of the workqueue threads' exit (after the job, the
        // worker goes idle and Dispose has to wake it).
        entries.Add(new CatalogEntry(new EngineJobsScenario("dispose/after-a-helped-job", 1, [[new JobSpec(0, 2, 1, 0, 2)]], exploreShutdown: true),
                                     Coverage.Exhaustive, [Dfs]));
        // A second job on the same engine: its helper is the first job's workqueue thread, woken
        // from idle (or, when it has not gone idle yet, the one that picks the item up next).
        entries.Add(Exhaustive("workqueue/idle-worker-reused", 2, new JobSpec(0, 2, 1, 0, 2), new JobSpec(0, 2, 1, 0, 2)));
        // Every helper granted runs at once with the others: the workqueue starts a thread for every
        // pool item, so a queued helper never waits for one (a caller that cancels its queued
        // helpers would otherwise hide a missing thread, losing only parallelism). Three workers,
        // three chunks, each chunk waiting until all three are inside one: a helper left without a
        // thread deadlocks the job. Sampled: DFS exhausts it in 421,932 schedules (505 s here), beyond
        // the default run; an engine short of a thread deadlocks in every schedule, so one finds it.
        entries.Add(new CatalogEntry(new EngineJobsScenario("workqueue/every-helper-runs-at-once", 2, [[new JobSpec(0, 3, 1, 0, 3) { Rendezvous = 3 }]]),
                                     Coverage.Sampled, Samples(500)));

        // Unsynchronized shared state: interleavings at every field access of the engine, so a
        // counter or position touched outside its lock loses updates here.
        entries.Add(new CatalogEntry(new EngineJobsScenario("races/helper-pair", 1, [[new JobSpec(0, 3, 1, 0, 2)]]),
                                     Coverage.Sampled, Samples(500, memoryAccesses: true)));
        entries.Add(new CatalogEntry(new EngineJobsScenario("races/two-helpers", 2, [[new JobSpec(0, 4, 1, 0, 3)]]),
                                     Coverage.Sampled, Samples(500, memoryAccesses: true)));
        // Two workers freeing into one zone's buddy allocator at once, interleaved at every field access.
        entries.Add(new CatalogEntry(new PageInitScenario("races/page-init-2-sections-2-cpus",
                                         MemoryLayout.SingleZone(MemoryGeometry.Tiny, 0, 8, 2), 1),
                                     Coverage.Sampled, Samples(500, memoryAccesses: true)));
        // Engine lifetime (disposed under a job, nested jobs) and races between jobs on one pool.
        entries.AddRange(LifetimeCatalog.Entries());

        entries.AddRange(PageInit());
        // Jobs with undo, and VFIO DMA pinning as the first user of undo (UndoCatalog.cs).
        entries.AddRange(UndoCatalog.Entries());
        // Clearing a gigantic page and hugetlbfs fallocate (UsersCatalog.cs).
        entries.AddRange(UsersCatalog.Entries());
        // Helper limits, NUMA placement, deferred init with one caller per node (LimitsCatalog.cs).
        entries.AddRange(LimitsCatalog.Entries());

        // Larger shapes, sampled: more units, 4 workers, concurrent jobs on a short pool, throws.
        entries.Add(Sampled("sampled/16-units-4-workers", 3, [[new JobSpec(0, 16, 1, 1, 4)]]));
        entries.Add(Sampled("sampled/unaligned-start-align-4", 3, [[new JobSpec(3, 29, 4, 0, 4)]]));
        entries.Add(Sampled("sampled/2-callers-pool-1", 1, [[new JobSpec(0, 4, 1, 0, 2)], [new JobSpec(10, 4, 1, 0, 2)]]));
        entries.Add(Sampled("sampled/3-callers-pool-2", 2, [[new JobSpec(0, 6, 1, 0, 3)], [new JobSpec(0, 5, 1, 1, 3)], [new JobSpec(7, 4, 2, 0, 2)]]));
        entries.Add(Sampled("sampled/2-callers-2-jobs-each-throwing", 2,
            [[new JobSpec(0, 6, 1, 0, 3, [2]), new JobSpec(0, 4, 1, 0, 3)], [new JobSpec(0, 8, 2, 0, 3, [6]), new JobSpec(1, 3, 1, 0, 2)]]));
        return entries;
    }

    /// <summary>
    /// The exhaustive domain: start 0, size 1..4, max_threads 1..3, align 1..2, min_chunk 0..2,
    /// pool 0..2, one caller; 216 shapes. Shapes are grouped by what the engine does with them:
    /// after planning it reads nothing of the job but the start, the size, the workers it
    /// requested (the fast path, and the count it asks the pool for), the chunk size and the
    /// helpers it was granted, and the pool capacity bounds the workqueue threads. Two shapes with
    /// the same values of these run the very same instructions in every schedule, so exploring one
    /// representative of each class explores every shape of the domain, provided the oracles judge
    /// them alike too: besides these values the oracles read only the alignment (interior
    /// boundaries must be multiples of it), so it is part of the class as well, and the kernel
    /// rule's plan, which the class is named after (see <see cref="BehaviourClass"/>).
    /// </summary>
    private static IEnumerable<CatalogEntry> DomainClasses()
    {
        var classes = new SortedDictionary<string, List<(JobSpec Job, int Pool)>>(StringComparer.Ordinal);
        for (ulong size = 1; size <= 4; size++)
        for (int maxThreads = 1; maxThreads <= 3; maxThreads++)
        for (ulong align = 1; align <= 2; align++)
        for (ulong minChunk = 0; minChunk <= 2; minChunk++)
        for (int pool = 0; pool <= 2; pool++)
        {
            var job = new JobSpec(0, size, align, minChunk, maxThreads);
            string key = BehaviourClass(job, pool);
            if (!classes.TryGetValue(key, out var members))
                classes[key] = members = [];
            members.Add((job, pool));
        }

        foreach (var (key, members) in classes)
        {
            var (job, pool) = members[0];
            var scenario = new EngineJobsScenario($"domain/{key}", pool, [[job]]);
            string covers = $"{members.Count} domain shape(s): " + string.Join("; ", members.Select(m =>
                $"size={m.Job.Size} max_threads={m.Job.MaxThreads} align={m.Job.Align} min_chunk={m.Job.MinChunk} pool={m.Pool}"));
            yield return new CatalogEntry(scenario, Coverage.Exhaustive, [Dfs], covers);
            // The same class on a busy machine (renice-or-cancel): its helpers never get a CPU
            // while the caller works, so the caller must cancel them instead of waiting.
            if (KernelPlan.WithPool(job.Start, job.Size, job.Align, job.MinChunk, job.MaxThreads, pool).GrantedHelpers > 0)
                yield return new CatalogEntry(new EngineJobsScenario($"busy-machine/{key}", pool, [[job]], busyMachine: true),
                                              Coverage.Exhaustive, [Dfs], covers);
        }
    }

    /// <summary>
    /// The values the engine's behaviour and the oracles' verdicts depend on, as a name (see
    /// <see cref="DomainClasses"/>). Two sources, on purpose: the oracles expect the kernel rule's
    /// plan (tests/Reference), so shapes it plans alike are judged alike; the engine runs its own
    /// planner (<see cref="ChunkPlan"/>, the only place it plans), so shapes that planner treats
    /// alike run alike. Classifying by the reference alone would let a planner that contradicts
    /// the kernel on one member of a class hide behind a representative it gets right; by the
    /// planner alone, members the kernel plans differently could share a verdict. The name is the
    /// reference's; where the engine's planner disagrees it gets the planner's values appended, so
    /// such shapes form classes of their own (and a planner that agrees leaves the classes as they were).
    /// </summary>
    public static string BehaviourClass(JobSpec spec, int pool)
    {
        var expected = KernelPlan.WithPool(spec.Start, spec.Size, spec.Align, spec.MinChunk, spec.MaxThreads, pool);
        MultithreadedJob job = spec.ToJob(static (_, _) => { });
        int requested = ChunkPlan.RequestedWorkersFor(job);
        int granted = Math.Min(pool, Math.Max(requested - 1, 0));
        ulong chunk = requested <= 1 ? spec.Size : ChunkPlan.ChunkSizeFor(job, 1 + granted);
        // With the engine's grant the oracle expects the rule's chunk size for that many workers.
        string engine = (requested, granted, chunk) == (expected.RequestedWorkers, expected.GrantedHelpers, expected.ChunkSize)
            ? ""
            : $"-engine-requested{requested}-helpers{granted}-chunk{chunk}" + (granted <= expected.RequestedWorkers - 1
                ? $"-expected{KernelPlan.WithGrantedHelpers(spec.Start, spec.Size, spec.Align, spec.MinChunk, spec.MaxThreads, granted).ChunkSize}"
                : "");
        if (expected.RequestedWorkers <= 1)
            return $"fast-size{spec.Size}-pool{pool}{engine}";
        return $"requested{expected.RequestedWorkers}-helpers{expected.GrantedHelpers}-pool{pool}-size{spec.Size}-chunk{expected.ChunkSize}-align{spec.Align}{engine}";
    }

    /// <summary>
    /// Deferred page init at tiny geometry (sections of 4 pages, largest blocks of 2): every
    /// schedule of the smallest layouts that give the job a helper, and samples of larger ones.
    /// </summary>
    private static IEnumerable<CatalogEntry> PageInit()
    {
        MemoryGeometry tiny = MemoryGeometry.Tiny;
        static NodeLayout Node(int cpus, params ZoneLayout[] zones) => new(0, cpus, zones);
        static ZoneLayout Zone(string name, ulong start, ulong end, params (ulong Start, ulong End)[] present) =>
            new(name, new PfnRange(start, end), present.Select(r => new PfnRange(r.Start, r.End)).ToArray());
        CatalogEntry Exhaustive(string name, int pool, params NodeLayout[] nodes) =>
            new(new PageInitScenario(name, new MemoryLayout(tiny, nodes), pool), Coverage.Exhaustive, [Dfs]);
        CatalogEntry Sampled(string name, int pool, params NodeLayout[] nodes) =>
            new(new PageInitScenario(name, new MemoryLayout(tiny, nodes), pool), Coverage.Sampled, Samples(1_000));

        yield return Exhaustive("page-init/one-section-fast-path", 1, Node(2, Zone("Normal", 0, 4, (0, 4))));
        yield return Exhaustive("page-init/2-sections-2-cpus", 1, Node(2, Zone("Normal", 0, 8, (0, 8))));
        yield return Exhaustive("page-init/2-sections-holes", 1, Node(2, Zone("Normal", 0, 8, (1, 3), (5, 8))));
        yield return Exhaustive("page-init/unaligned-zone-hole-across-boundary", 1, Node(2, Zone("Normal", 1, 10, (1, 3), (6, 10))));
        yield return Exhaustive("page-init/2-sections-short-pool", 0, Node(2, Zone("Normal", 0, 8, (0, 8))));
        yield return Sampled("page-init/2-zones-3-cpus", 2, Node(3, Zone("DMA32", 0, 12, (0, 5), (7, 12)), Zone("Normal", 12, 24, (12, 24))));
        yield return Sampled("page-init/4-sections-3-cpus-holes", 2, Node(3, Zone("Normal", 2, 18, (2, 7), (8, 9), (11, 18))));
    }

    private static CatalogEntry Exhaustive(string name, int pool, params JobSpec[] jobs) =>
        new(new EngineJobsScenario(name, pool, [jobs]), Coverage.Exhaustive, [Dfs]);

    private static CatalogEntry BusyMachine(string name, int pool, params JobSpec[] jobs) =>
        new(new EngineJobsScenario(name, pool, [jobs], busyMachine: true), Coverage.Exhaustive, [Dfs]);

    private static CatalogEntry Sampled(string name, int pool, IReadOnlyList<IReadOnlyList<JobSpec>> callers) =>
        new(new EngineJobsScenario(name, pool, callers), Coverage.Sampled, Samples(2_000));
}
