namespace Padata.Models;

/// <summary>
/// One process and one VFIO container: the process's memory as vaddr pages backed by pfns (a
/// fixed page table: vaddr page v is backed by pfn <c>FirstPfn + pages - 1 - v</c>, so no page
/// translates to its own number), the page structs of those pfns, the container's IOMMU domain,
/// the process's locked-memory account, and the vaddr pages that cannot be pinned (the fault a
/// scenario injects).
/// </summary>
public sealed class VfioModel
{
    /// <summary>Where the process's memory starts in physical memory (4 GiB at 4 KiB pages).</summary>
    public const ulong FirstPfn = 1UL << 20;

    private readonly HashSet<ulong> faults;

    /// <param name="memoryPages">The process's memory, in pages (vaddr pages 0 to memoryPages - 1); at least 1.</param>
    /// <param name="iovaPages">The IOVA space, in pages; at least 1.</param>
    /// <param name="memlockLimit">RLIMIT_MEMLOCK, in pages; 0 or more.</param>
    /// <param name="faultPages">Vaddr pages whose pinning fails.</param>
    public VfioModel(ulong memoryPages, ulong iovaPages, long memlockLimit, IEnumerable<ulong>? faultPages = null)
    {
        if (memoryPages < 1 || memoryPages > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(memoryPages), memoryPages, $"memoryPages must be between 1 and {int.MaxValue}.");
        if (iovaPages < 1 || iovaPages > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(iovaPages), iovaPages, $"iovaPages must be between 1 and {int.MaxValue}.");
        if (memlockLimit < 0)
            throw new ArgumentOutOfRangeException(nameof(memlockLimit), memlockLimit, "memlockLimit must be 0 or more pages.");
        faults = [.. faultPages ?? []];
        ulong? outside = faults.Where(p => p >= memoryPages).Cast<ulong?>().FirstOrDefault();
        if (outside is not null)
            throw new ArgumentOutOfRangeException(nameof(faultPages), outside, $"fault page {outside} is outside the process's memory [0, {memoryPages}).");
        MemoryPages = memoryPages;
        Frames = new PageFrames(FirstPfn, memoryPages);
        Iommu = new IommuDomain(iovaPages);
        Account = new MemlockAccount(memlockLimit);
    }

    public ulong MemoryPages { get; }
    public PageFrames Frames { get; }
    public IommuDomain Iommu { get; }
    public MemlockAccount Account { get; }
    public IReadOnlyCollection<ulong> FaultPages => faults;

    /// <summary>The process's page table: the pfn backing vaddr page <paramref name="vaddrPage"/>.</summary>
    public ulong PfnOf(ulong vaddrPage)
    {
        if (vaddrPage >= MemoryPages)
            throw new ArgumentOutOfRangeException(nameof(vaddrPage), vaddrPage, $"vaddr page is outside the process's memory [0, {MemoryPages}).");
        return FirstPfn + (MemoryPages - 1 - vaddrPage);
    }

    public bool Faults(ulong vaddrPage) => faults.Contains(vaddrPage);

    /// <summary>Refuses a request that does not fit the process's memory or the IOVA space, naming the parameter.</summary>
    public void Validate(DmaMapRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Pages < 1)
            throw new ArgumentOutOfRangeException(nameof(request), request.Pages, "A DMA map request maps at least 1 page.");
        if (request.VaddrPage >= MemoryPages || request.Pages > MemoryPages - request.VaddrPage)
            throw new ArgumentOutOfRangeException(nameof(request), request.ToString(), $"The request's vaddr range must lie inside the process's memory [0, {MemoryPages}).");
        if (request.IovaPage >= Iommu.IovaPages || request.Pages > Iommu.IovaPages - request.IovaPage)
            throw new ArgumentOutOfRangeException(nameof(request), request.ToString(), $"The request's IOVA range must lie inside the IOVA space [0, {Iommu.IovaPages}).");
    }

    public override string ToString() =>
        $"{MemoryPages} page(s) of process memory, {Iommu.IovaPages} IOVA page(s), RLIMIT_MEMLOCK {Account.Limit}" +
        (faults.Count == 0 ? "" : $", pin fault at vaddr page(s) {string.Join(",", faults.Order())}");
}
