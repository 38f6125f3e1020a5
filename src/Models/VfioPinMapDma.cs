namespace Padata.Models;

/// <summary>
/// <c>vfio_pin_map_dma</c> as ktask parallelized it (RFC v4 patch 6): one multithreaded job over
/// the request's vaddr pages. Each chunk charges its pages to <c>locked_vm</c> against
/// <c>RLIMIT_MEMLOCK</c>, then pins every page and maps its IOVA page to the page's pfn; a chunk
/// that fails (the limit, or a page that cannot be pinned) first unmaps, unpins and uncharges
/// what it did itself. The job's undo function unmaps, unpins and uncharges a completed chunk,
/// so a request either maps every page or leaves no trace.
/// </summary>
public static class VfioPinMapDma
{
    /// <summary>ktask's <c>KTASK_MEM_CHUNK</c>, 128 MiB, in 4 KiB pages: the least work worth a helper.</summary>
    public const ulong DefaultMinChunkPages = 32_768;

    /// <summary>The job for <paramref name="request"/>: units are vaddr pages, align 1.</summary>
    public static MultithreadedJob JobFor(VfioModel model, DmaMapRequest request, int maxThreads, ulong minChunkPages = DefaultMinChunkPages)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validate(request);
        return new MultithreadedJob(request.VaddrPage, request.Pages, 1, minChunkPages, maxThreads,
            (start, end) => PinMapChunk(model, request, start, end),
            (start, end) => Undo(model, request, start, end));
    }

    /// <summary>Runs <paramref name="request"/> on <paramref name="engine"/>: mapped in full, or failed and rolled back.</summary>
    public static DmaMapOutcome Map(PadataEngine engine, VfioModel model, DmaMapRequest request, int maxThreads, ulong minChunkPages = DefaultMinChunkPages)
    {
        ArgumentNullException.ThrowIfNull(engine);
        MultithreadedJob job = JobFor(model, request, maxThreads, minChunkPages);
        try
        {
            return new DmaMapOutcome(request, engine.DoMultithreaded(job), null);
        }
        catch (JobFailedException e)
        {
            return new DmaMapOutcome(request, null, e);
        }
    }

    /// <summary>The thread function: charge, then pin and map page by page; on a failure undo this chunk's own work and throw.</summary>
    private static void PinMapChunk(VfioModel model, DmaMapRequest request, ulong start, ulong end)
    {
        long pages = (long)(end - start);
        if (!model.Account.TryCharge(pages))
            throw new MemlockLimitExceededException(new Chunk(start, end), pages, model.Account.LockedVm, model.Account.Limit);
        ulong page = start;
        try
        {
            for (; page < end; page++)
            {
                if (model.Faults(page))
                    throw new VfioPinFaultException(page);
                ulong pfn = model.PfnOf(page);
                model.Frames.Pin(pfn);
                model.Iommu.Map(request.IovaOf(page), pfn);
            }
        }
        catch
        {
            // The chunk that fails is not undone by the job: it leaves nothing behind itself.
            UnmapUnpin(model, request, start, page);
            model.Account.Uncharge(pages);
            throw;
        }
    }

    /// <summary>The undo function: a completed chunk unmapped, unpinned and uncharged.</summary>
    private static void Undo(VfioModel model, DmaMapRequest request, ulong start, ulong end)
    {
        UnmapUnpin(model, request, start, end);
        model.Account.Uncharge((long)(end - start));
    }

    private static void UnmapUnpin(VfioModel model, DmaMapRequest request, ulong start, ulong end)
    {
        for (ulong page = start; page < end; page++)
        {
            model.Iommu.Unmap(request.IovaOf(page));
            model.Frames.Unpin(model.PfnOf(page));
        }
    }
}
