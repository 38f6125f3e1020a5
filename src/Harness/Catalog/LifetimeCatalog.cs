namespace Padata.Harness.Catalog;

/// <summary>
/// Catalog entries for the engine's lifetime (disposed under a running job, a job nested in another
/// job's chunk) and for memory-access races between jobs (several callers on one pool, back-to-back
/// jobs reusing the same work items and workqueue threads). Part of <see cref="ScenarioCatalog"/>.
/// </summary>
internal static class LifetimeCatalog
{
    public static IEnumerable<CatalogEntry> Entries()
    {
        // Disposed under a running job, exhaustive at the smallest shape with a helper: every point
        // of Dispose against every point of the job, including the one where the job has its
        // helper's item but the workqueue refuses to queue it (the caller does the helper's share).
        // With long chunks (sampled: 18,788 schedules exhaustively, 46 s here), a chunk still
        // running on a workqueue thread when Dispose returns is seen directly.
        yield return new CatalogEntry(new DisposeDuringJobScenario("lifetime/dispose-during-job-1-helper", 1,
                                          new JobSpec(0, 2, 1, 0, 2)),
                                      Coverage.Exhaustive, [ScenarioCatalog.Dfs]);
        yield return new CatalogEntry(new DisposeDuringJobScenario("lifetime/dispose-during-job-1-helper-long-chunks", 1,
                                          new JobSpec(0, 2, 1, 0, 2) { LongChunks = true }),
                                      Coverage.Sampled, ScenarioCatalog.Samples(1_000));
        yield return new CatalogEntry(new DisposeDuringJobScenario("lifetime/dispose-during-job-2-helpers", 2,
                                          new JobSpec(0, 3, 1, 0, 3) { LongChunks = true }),
                                      Coverage.Sampled, ScenarioCatalog.Samples(1_000));

        // A job started from a chunk of another job on the same engine. Pool 1: the outer job holds
        // the only item, so the inner job (in each of the outer chunks, on the caller or on the
        // workqueue thread) runs alone. Pool 2: the inner job can get the item the outer left,
        // and its helper needs a second workqueue thread while the first is blocked in the inner job.
        yield return new CatalogEntry(new NestedJobScenario("lifetime/nested-pool-1-inner-alone", 1,
                                          new JobSpec(0, 2, 1, 0, 2), new JobSpec(0, 2, 1, 0, 2), [1]),
                                      Coverage.Exhaustive, [ScenarioCatalog.Dfs]);
        yield return new CatalogEntry(new NestedJobScenario("lifetime/nested-pool-2-inner-helped", 2,
                                          new JobSpec(0, 2, 1, 0, 2), new JobSpec(0, 2, 1, 0, 2), [1]),
                                      Coverage.Sampled, ScenarioCatalog.Samples(1_000));
        yield return new CatalogEntry(new NestedJobScenario("lifetime/nested-pool-2-both-chunks", 2,
                                          new JobSpec(0, 2, 1, 0, 2), new JobSpec(0, 2, 1, 0, 2), [0, 1]),
                                      Coverage.Sampled, ScenarioCatalog.Samples(1_000));

        // Memory-access races between jobs: interleavings at every field access, so an item handed
        // to the next job while the previous one still writes it (its binding, its free flag) shows.
        // Two callers sharing a one-item pool, two jobs each: the item goes from one caller's job to
        // the other's and back, so one caller's take can fall between the other's return and its
        // last touch of the item (with one job each that window was hit too rarely to count on).
        yield return new CatalogEntry(new EngineJobsScenario("races/2-callers-pool-1", 1,
                                          [[new JobSpec(0, 2, 1, 0, 2), new JobSpec(0, 2, 1, 0, 2)],
                                           [new JobSpec(10, 2, 1, 0, 2), new JobSpec(10, 2, 1, 0, 2)]]),
                                      // The window is narrow: PCT found zoo entry unbind-after-return at schedule
                                      // 504 before the per-node engine, at 2,701 since (random: not in 3,000).
                                      Coverage.Sampled, [new ExplorationBudget(Strategy.Pct, 4_000, Seed: 1, MemoryAccesses: true),
                                                         new ExplorationBudget(Strategy.Random, 500, Seed: 1, MemoryAccesses: true)]);
        // Back to back on one caller: job 2 takes the item (and its workqueue thread) while job 1's
        // helper may still be on its way out of job 1.
        yield return new CatalogEntry(new EngineJobsScenario("races/back-to-back-pool-1", 1,
                                          [[new JobSpec(0, 2, 1, 0, 2), new JobSpec(0, 2, 1, 0, 2)]]),
                                      Coverage.Sampled, ScenarioCatalog.Samples(500, memoryAccesses: true));
    }
}
