namespace Padata.Models;

/// <summary>
/// <c>hugetlbfs_fallocate</c> as ktask parallelized it (RFC v4, "hugetlbfs: parallelize
/// hugetlbfs_fallocate with ktask"): one multithreaded job over the request's huge-page indices.
/// Per index, under the index's fault mutex: an index that already has a page is skipped;
/// otherwise a page is taken from the pool (under the pool lock), cleared, and inserted. When the
/// pool has no page left the chunk fails with ENOSPC after removing and freeing what it inserted
/// itself; the job's undo removes and frees what each completed chunk inserted. "What this call
/// inserted" is the call's own record, one entry per index of its range, written only by the chunk
/// that owns the index: a page that was there before the call, or that a concurrent call inserted,
/// is never this call's to free.
/// </summary>
public static class HugetlbfsFallocate
{
    /// <summary>ktask's <c>KTASK_PMD_MINCHUNK</c>: 128 MiB in 2 MiB huge pages, the least work worth a helper.</summary>
    public const ulong DefaultMinChunkPages = 64;

    /// <summary>The job for <paramref name="request"/>: units are huge-page indices, align 1.</summary>
    public static MultithreadedJob JobFor(HugetlbfsModel model, FallocateRequest request, int maxThreads, ulong minChunkPages = DefaultMinChunkPages)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validate(request);
        HugetlbFile file = model.Files[request.File];
        // This call's record: the page it inserted at each index of its range, or null.
        var inserted = new HugePage?[request.Pages];
        return new MultithreadedJob(request.Index, request.Pages, 1, minChunkPages, maxThreads,
            (start, end) => AllocateChunk(model, file, request, inserted, start, end),
            (start, end) => Release(model, file, request, inserted, start, end));
    }

    /// <summary>Runs <paramref name="request"/> on <paramref name="engine"/>: every index filled, or failed and rolled back.</summary>
    public static FallocateOutcome Fallocate(PadataEngine engine, HugetlbfsModel model, FallocateRequest request, int maxThreads, ulong minChunkPages = DefaultMinChunkPages)
    {
        ArgumentNullException.ThrowIfNull(engine);
        MultithreadedJob job = JobFor(model, request, maxThreads, minChunkPages);
        try
        {
            return new FallocateOutcome(request, engine.DoMultithreaded(job), null);
        }
        catch (JobFailedException e)
        {
            return new FallocateOutcome(request, null, e);
        }
    }

    /// <summary>The thread function: fill the empty indices of [start, end); on ENOSPC release this chunk's own pages and throw.</summary>
    private static void AllocateChunk(HugetlbfsModel model, HugetlbFile file, FallocateRequest request, HugePage?[] inserted, ulong start, ulong end)
    {
        ulong index = start;
        try
        {
            for (; index < end; index++)
            {
                object mutex = model.FaultMutexes.For(file.Mapping, index);
                // Look-up, allocation and insert are one step per index under its fault mutex: a
                // concurrent fallocate or fault on the same index waits, then finds the page and
                // skips it, so no index ever gets two pages.
                Monitor.Enter(mutex);
                try
                {
                    if (file.PageAt(index) is not null)
                        continue;
                    HugePage page = model.Pool.TryAllocate() ?? throw new HugetlbNoSpaceException(request, index, model.Pool.ToString());
                    page.Data.AsSpan().Clear();
                    file.Insert(index, page);
                    inserted[index - request.Index] = page;
                }
                finally
                {
                    Monitor.Exit(mutex);
                }
            }
        }
        catch
        {
            // The chunk that fails is not undone by the job: it leaves nothing of its own behind.
            Release(model, file, request, inserted, start, index);
            throw;
        }
    }

    /// <summary>The undo function: remove and free the pages this call inserted in [start, end), and no other.</summary>
    private static void Release(HugetlbfsModel model, HugetlbFile file, FallocateRequest request, HugePage?[] inserted, ulong start, ulong end)
    {
        for (ulong index = start; index < end; index++)
        {
            HugePage? mine = inserted[index - request.Index];
            object mutex = model.FaultMutexes.For(file.Mapping, index);
            // Under the fault mutex, like every change of a slot.
            Monitor.Enter(mutex);
            try
            {
                HugePage? page = file.PageAt(index);
                if (page is not null && ReferenceEquals(page, mine))
                {
                    file.Remove(index);
                    model.Pool.Free(page);
                }
            }
            finally
            {
                Monitor.Exit(mutex);
            }
            inserted[index - request.Index] = null;
        }
    }
}
