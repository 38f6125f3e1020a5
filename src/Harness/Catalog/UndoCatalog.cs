using Padata.Models;

namespace Padata.Harness.Catalog;

/// <summary>
/// The catalog's <c>undo/</c> and <c>vfio/</c> entries (and the VFIO <c>races/</c> entry):
/// jobs with an undo function, and VFIO DMA pinning on the engine. Exhaustive at one and two
/// helpers with a failure in each chunk position, and for the limit hit by the second of two
/// concurrent requests; sampled beyond.
/// </summary>
internal static class UndoCatalog
{
    public static IEnumerable<CatalogEntry> Entries()
    {
        // One helper, 3 chunks of 1, a failure in each position; long chunks, so a chunk is seen
        // in progress while the caller (and an undo started too early) runs.
        for (ulong at = 0; at < 3; at++)
            yield return Exhaustive($"undo/1-helper-fails-at-chunk-{at}-of-3", 1, new UndoSpec(new JobSpec(0, 3, 1, 0, 2, [at]) { LongChunks = true }));
        // Two helpers (three workers), 3 chunks of 1, the failure in each position: every schedule
        // (24,870, 32,592 and 41,904 with the failure in chunk 0, 1 and 2).
        for (ulong at = 0; at < 3; at++)
            yield return Exhaustive($"undo/2-helpers-fails-at-chunk-{at}-of-3", 2, new UndoSpec(new JobSpec(0, 3, 1, 0, 3, [at])));
        // An undo that throws: the other undos still run, and it is reported as an undo failure.
        yield return Exhaustive("undo/undo-throws-1-helper", 1, new UndoSpec(new JobSpec(0, 3, 1, 0, 2, [2]) { LongChunks = true }, [0]));
        // Success: undo is never called.
        yield return Exhaustive("undo/success-1-helper", 1, new UndoSpec(new JobSpec(0, 3, 1, 0, 2) { LongChunks = true }));
        // No helper granted (chunked on the caller alone), and the single-worker fast path.
        yield return Exhaustive("undo/no-helper-fails-at-chunk-1", 0, new UndoSpec(new JobSpec(0, 3, 1, 0, 2, [1])));
        yield return Exhaustive("undo/fast-path-fails", 1, new UndoSpec(new JobSpec(0, 2, 1, 0, 1, [0])));

        yield return new CatalogEntry(new UndoScenario("undo/sampled-16-units-4-workers", 3,
                                          [[new UndoSpec(new JobSpec(0, 16, 1, 1, 4, [9]) { LongChunks = true }, [2, 12])]]),
                                      Coverage.Sampled, ScenarioCatalog.Samples(1_000));
        yield return new CatalogEntry(new UndoScenario("undo/sampled-2-callers", 2,
                                          [[new UndoSpec(new JobSpec(0, 6, 1, 0, 3, [2]), [0])], [new UndoSpec(new JobSpec(0, 4, 1, 0, 3, [3])), new UndoSpec(new JobSpec(0, 4, 1, 0, 2))]]),
                                      Coverage.Sampled, ScenarioCatalog.Samples(1_000));

        // VFIO: one request of 2 pages on one helper (chunks of 1 page), a pin fault at each page.
        for (ulong at = 0; at < 2; at++)
            yield return Vfio($"vfio/fault-at-page-{at}-of-2-1-helper", Coverage.Exhaustive, 1, 2, 10, [at], [new DmaMapRequest(0, 0, 2)]);
        // The same request over the limit: some chunk's charge fails, the rest is rolled back.
        yield return Vfio("vfio/over-limit-1-helper", Coverage.Exhaustive, 1, 2, 1, [], [new DmaMapRequest(0, 0, 2)]);
        // Two concurrent requests, 1 page (fast path) and 2 pages (two chunks on its caller),
        // sharing a limit of 2: whichever charges last hits it, the 2-page request possibly after
        // its first chunk succeeded (then undone).
        yield return Vfio("vfio/2-single-page-requests-limit-1", Coverage.Exhaustive, 0, 2, 1, [], [new DmaMapRequest(0, 0, 1), new DmaMapRequest(1, 1, 1)]);
        yield return Vfio("vfio/2-requests-limit-hit-by-second", Coverage.Exhaustive, 0, 3, 2, [], [new DmaMapRequest(0, 0, 1), new DmaMapRequest(1, 1, 2)]);
        yield return Vfio("vfio/sampled-2-requests-1-helper-limit", Coverage.Sampled, 1, 6, 5, [], [new DmaMapRequest(0, 0, 3), new DmaMapRequest(3, 3, 3)]);
        yield return Vfio("vfio/sampled-2-requests-fault-and-limit", Coverage.Sampled, 2, 8, 6, [5], [new DmaMapRequest(0, 0, 4), new DmaMapRequest(4, 4, 4)]);

        // locked_vm updated by two requests at once, interleaved at every field access.
        yield return new CatalogEntry(new VfioScenario("races/vfio-2-requests", 1, 4, 4, [], [new DmaMapRequest(0, 0, 2), new DmaMapRequest(2, 2, 2)], 2, 1),
                                      Coverage.Sampled, ScenarioCatalog.Samples(500, memoryAccesses: true));
    }

    private static CatalogEntry Exhaustive(string name, int pool, UndoSpec job) =>
        new(new UndoScenario(name, pool, [[job]]), Coverage.Exhaustive, [ScenarioCatalog.Dfs]);

    private static CatalogEntry Vfio(string name, Coverage coverage, int pool, ulong memoryPages, long limit, ulong[] faults, DmaMapRequest[] requests) =>
        new(new VfioScenario(name, pool, memoryPages, limit, faults, requests, maxThreads: 2, minChunk: 1),
            coverage, coverage == Coverage.Exhaustive ? [ScenarioCatalog.Dfs] : ScenarioCatalog.Samples(1_000));
}
