using Padata.Models;

namespace Padata.Harness.Catalog;

/// <summary>
/// The catalog's <c>clear-gigantic/</c> and <c>fallocate/</c> entries (and their <c>races/</c>
/// entry): ktask's users beyond page init and VFIO, clearing a gigantic page and hugetlbfs
/// fallocate with its rollback. Exhaustive at the smallest shapes with a helper or a second
/// caller; sampled beyond.
/// </summary>
internal static class UsersCatalog
{
    public static IEnumerable<CatalogEntry> Entries()
    {
        // A tiny gigantic page (4 subpages of 16 B), chunks of one subpage, one helper.
        yield return new CatalogEntry(new ClearGiganticScenario("clear-gigantic/4-subpages-1-helper", 1, GiganticPageGeometry.Tiny, 2, 1),
                                      Coverage.Exhaustive, [ScenarioCatalog.Dfs]);
        yield return new CatalogEntry(new ClearGiganticScenario("clear-gigantic/sampled-16-subpages-4-workers", 3, new GiganticPageGeometry(16, 16), 4, 1),
                                      Coverage.Sampled, ScenarioCatalog.Samples(1_000));

        // 3 indices on 2 workers (chunks of one index), index 1 already present: the pool fits
        // the 2 empty indices, or is one page short (ENOSPC in whichever chunk allocates last,
        // then the completed chunks undone, the present page kept). Every schedule.
        yield return Fallocate("fallocate/3-indices-1-helper-fits", Coverage.Exhaustive, 1, 3, [1], [new(0, 0, 3)]);
        yield return Fallocate("fallocate/3-indices-1-helper-pool-short", Coverage.Exhaustive, 1, 2, [1], [new(0, 0, 3)]);
        // 4 indices on 2 workers (the caller and one helper) with min_chunk 2: the kernel's rule
        // makes 2 chunks of 2 indices ([0, 2), always the caller's first, and [2, 4)), index 2
        // already present, the pool fitting the 3 empty indices or one page short. Short, the
        // third allocation fails, whichever it is: at index 1 (the caller's chunk frees its own
        // page at 0, the helper's completed chunk is undone and keeps the present page at 2) or
        // at index 3 (the failing chunk's own release passes the present page; [0, 2) is undone).
        // Chunks of 2 are what make a failing chunk release pages of its own, which chunks of one
        // index never do. Every schedule: 2,813 and 25,202 (2 to 11 s and 32 to 42 s here, on a
        // heavily shared machine). The same 4 indices in chunks of one index are sampled here;
        // DFS exhausts them in 12,977 and 107,842 schedules (README, "Deep runs").
        yield return Fallocate("fallocate/4-indices-2-chunks-1-helper-fits", Coverage.Exhaustive, 1, 4, [2], [new(0, 0, 4)], minChunk: 2);
        yield return Fallocate("fallocate/4-indices-2-chunks-1-helper-pool-short", Coverage.Exhaustive, 1, 3, [2], [new(0, 0, 4)], minChunk: 2);
        yield return Fallocate("fallocate/sampled-4-indices-1-helper-fits", Coverage.Sampled, 1, 4, [1], [new(0, 0, 4)]);
        yield return Fallocate("fallocate/sampled-4-indices-1-helper-pool-short", Coverage.Sampled, 1, 3, [1], [new(0, 0, 4)]);
        // Two single-index calls on the same empty index (each on its caller alone): one must
        // insert, the other find the page; never two pages.
        yield return Fallocate("fallocate/2-calls-same-index", Coverage.Exhaustive, 0, 2, [], [new(0, 0, 1), new(0, 0, 1)]);
        // Two calls on overlapping ranges sharing a pool one page short: one fails and rolls
        // back only its own pages, possibly after the other skipped an index it had filled.
        // Sampled: DFS had not finished after 34,000 schedules (89 s here).
        yield return Fallocate("fallocate/sampled-2-calls-overlap-pool-short-no-helper", Coverage.Sampled, 0, 2, [], [new(0, 0, 2), new(0, 1, 2)]);
        yield return Fallocate("fallocate/sampled-2-calls-overlap-helpers", Coverage.Sampled, 2, 7, [3], [new(0, 0, 5), new(0, 2, 5)]);
        yield return Fallocate("fallocate/sampled-2-calls-overlap-pool-short", Coverage.Sampled, 2, 6, [3], [new(0, 0, 5), new(0, 2, 5)]);

        // The pool's free count changed by two workers at once, interleaved at every field access.
        yield return new CatalogEntry(new FallocateScenario("races/fallocate-2-workers", 1, 2, 0, 2, [], [new(0, 0, 2)], 2, 1),
                                      Coverage.Sampled, ScenarioCatalog.Samples(500, memoryAccesses: true));
    }

    private static CatalogEntry Fallocate(string name, Coverage coverage, int pool, int hugePages, ulong[] present, FallocateRequest[] requests, ulong minChunk = 1) =>
        new(new FallocateScenario(name, pool, hugePages, 0, (int)requests.Max(r => r.End), present, requests, maxThreads: 2, minChunk: minChunk),
            coverage, coverage == Coverage.Exhaustive ? [ScenarioCatalog.Dfs] : ScenarioCatalog.Samples(1_000));
}
