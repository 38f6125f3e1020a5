using System.Numerics;

namespace Padata.Models;

/// <summary>
/// The sizes deferred init depends on: pages per memory section (the job's align and min_chunk)
/// and the buddy allocator's largest block, <c>2^MaxOrder</c> pages. A section must be a whole
/// number of largest blocks: that is what keeps every chunk boundary on a block boundary.
/// </summary>
public sealed record MemoryGeometry
{
    /// <param name="pageSize">Bytes per page; a power of two.</param>
    /// <param name="pagesPerSection">Pages per memory section; a power of two, at least one largest block.</param>
    /// <param name="maxOrder">The largest buddy order (blocks of 2^maxOrder pages); 0..20.</param>
    public MemoryGeometry(ulong pageSize, ulong pagesPerSection, int maxOrder)
    {
        if (pageSize == 0 || !BitOperations.IsPow2(pageSize))
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "pageSize must be a power of two.");
        if (maxOrder is < 0 or > 20)
            throw new ArgumentOutOfRangeException(nameof(maxOrder), maxOrder, "maxOrder must be between 0 and 20.");
        if (pagesPerSection == 0 || !BitOperations.IsPow2(pagesPerSection))
            throw new ArgumentOutOfRangeException(nameof(pagesPerSection), pagesPerSection, "pagesPerSection must be a power of two.");
        if (pagesPerSection < 1UL << maxOrder)
            throw new ArgumentOutOfRangeException(nameof(pagesPerSection), pagesPerSection,
                $"pagesPerSection must be a multiple of the largest buddy block (2^maxOrder = {1UL << maxOrder} pages).");
        PageSize = pageSize;
        PagesPerSection = pagesPerSection;
        MaxOrder = maxOrder;
    }

    /// <summary>x86-64: 4 KiB pages, 128 MiB sections (32,768 pages), order-10 blocks (1,024 pages).</summary>
    public static MemoryGeometry X86_64 { get; } = new(4096, 32_768, 10);

    /// <summary>For the controlled scheduler: sections of 4 pages, largest blocks of 2 pages.</summary>
    public static MemoryGeometry Tiny { get; } = new(4096, 4, 1);

    public ulong PageSize { get; }

    public ulong PagesPerSection { get; }

    public int MaxOrder { get; }

    /// <summary>The kernel's <c>MAX_ORDER_NR_PAGES</c>.</summary>
    public ulong MaxOrderPages => 1UL << MaxOrder;

    public ulong SectionOf(ulong pfn) => pfn / PagesPerSection;

    public override string ToString() =>
        $"{PageSize} B pages, {PagesPerSection} pages/section, max order {MaxOrder} ({MaxOrderPages} pages)";
}
