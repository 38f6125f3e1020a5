namespace Padata.Models;

/// <summary>
/// <c>clear_gigantic_page</c> as ktask parallelized it (RFC v4, "mm: parallelize
/// clear_gigantic_page"): one multithreaded job over the page's subpages, each chunk clearing its
/// subpages one by one. Chunks are independent (no lock, no shared state but the page's bytes, and
/// each subpage belongs to one chunk), so the job is pure memory bandwidth.
/// </summary>
public static class ClearGiganticPage
{
    /// <summary>
    /// The least subpages worth a helper: 32,768 subpages of 4 KiB, ktask's <c>KTASK_MEM_CHUNK</c>
    /// (128 MiB) in the job's unit. Clearing 128 MiB takes milliseconds at any memory bandwidth,
    /// against microseconds to start a helper, so a helper always has enough work; and a 1 GiB page
    /// still splits into 8 such chunks, enough for the workers of a small machine. (The RFC's
    /// patch passes <c>KTASK_MEM_CHUNK</c>, 2^27, as the minimum chunk of a task counted in pages:
    /// a 1 GiB page, 262,144 pages, would never reach it and would be cleared by one thread.)
    /// </summary>
    public const ulong DefaultMinChunkSubpages = 32_768;

    /// <summary>The job that clears <paramref name="page"/>: units are subpages, align one subpage.</summary>
    public static MultithreadedJob JobFor(GiganticPage page, int maxThreads, ulong minChunkSubpages = DefaultMinChunkSubpages)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new MultithreadedJob(0, (ulong)page.Geometry.Subpages, 1, minChunkSubpages, maxThreads,
            (start, end) => ClearChunk(page, start, end));
    }

    /// <summary>Clears <paramref name="page"/> on <paramref name="engine"/>.</summary>
    public static JobResult Clear(PadataEngine engine, GiganticPage page, int maxThreads, ulong minChunkSubpages = DefaultMinChunkSubpages)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return engine.DoMultithreaded(JobFor(page, maxThreads, minChunkSubpages));
    }

    /// <summary>The thread function: clear subpages [start, end), one at a time, as <c>clear_user_highpage</c> does.</summary>
    private static void ClearChunk(GiganticPage page, ulong start, ulong end)
    {
        for (ulong subpage = start; subpage < end; subpage++)
            page.Raw(subpage).Clear();
    }
}
