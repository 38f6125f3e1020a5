namespace Padata.Models;

/// <summary>
/// A zone's buddy allocator (the freeing half): free lists per order threaded through the page
/// structs' list links, and per-order counts, all under the zone lock. Freeing a block merges it
/// with its buddy while the buddy is a free block of the same order in the same zone, up to the
/// largest order, as the kernel's <c>__free_one_page</c> does.
/// </summary>
public sealed class BuddyAllocator
{
    /// <summary>
    /// The zone lock. Deferred-init workers free into the same zone concurrently; the free lists,
    /// the counts and the buddy bits of free blocks' first pages change only under it.
    /// </summary>
    private readonly object zoneLock = new();

    private readonly Memmap memmap;
    private readonly PfnRange span;
    private readonly ulong zoneBits;
    private readonly ulong[] heads;
    private readonly ulong[] counts;

    public BuddyAllocator(Memmap memmap, PfnRange span, ulong zoneBits, int maxOrder)
    {
        ArgumentNullException.ThrowIfNull(memmap);
        if (!memmap.Span.Contains(span))
            throw new ArgumentOutOfRangeException(nameof(span), span, $"the zone must lie inside the memmap {memmap.Span}.");
        this.memmap = memmap;
        this.span = span;
        this.zoneBits = zoneBits;
        MaxOrder = maxOrder;
        heads = Enumerable.Repeat(Page.NoPage, maxOrder + 1).ToArray();
        counts = new ulong[maxOrder + 1];
    }

    public int MaxOrder { get; }

    /// <summary>First block on the free list of <paramref name="order"/>, or <see cref="Page.NoPage"/>.</summary>
    public ulong Head(int order) => heads[order];

    /// <summary>The kernel's <c>free_area[order].nr_free</c>: blocks on that list.</summary>
    public ulong FreeBlocks(int order) => counts[order];

    /// <summary>Pages in all free blocks, by the counts.</summary>
    public ulong FreePages
    {
        get
        {
            ulong pages = 0;
            for (int order = 0; order <= MaxOrder; order++)
                pages += counts[order] << order;
            return pages;
        }
    }

    /// <summary>
    /// Frees the naturally aligned block of <c>2^order</c> pages at <paramref name="pfn"/>
    /// (<c>__free_pages_core</c>): every page drops its reference, then the block joins the free
    /// lists under the zone lock.
    /// </summary>
    public void Free(ulong pfn, int order)
    {
        if (order < 0 || order > MaxOrder)
            throw new ArgumentOutOfRangeException(nameof(order), order, $"order must be between 0 and {MaxOrder}.");
        ulong pages = 1UL << order;
        if ((pfn & (pages - 1)) != 0)
            throw new ArgumentException($"pfn {pfn} is not aligned to its block of {pages} pages (order {order}).", nameof(pfn));
        if (!span.Contains(new PfnRange(pfn, pfn + pages)))
            throw new ArgumentOutOfRangeException(nameof(pfn), pfn, $"the block [{pfn}, {pfn + pages}) is not inside the zone {span}.");

        // The pages are still the caller's alone (no other worker's chunk holds them): no lock.
        // One range check for the block, not one per page: this loop runs over every page freed.
        foreach (ref Page page in memmap.Pages(new PfnRange(pfn, pfn + pages)))
        {
            page.RefCount = 0;
            page.Frees++;
        }

        lock (zoneLock)
            FreeOneBlock(pfn, order);
    }

    /// <summary><c>__free_one_page</c>. Caller holds the zone lock.</summary>
    private void FreeOneBlock(ulong pfn, int order)
    {
        while (order < MaxOrder)
        {
            ulong buddyPfn = pfn ^ (1UL << order);
            if (!span.Contains(buddyPfn))
                break;
            ref Page buddy = ref memmap[buddyPfn];
            // A buddy not yet initialized (another worker's, or a hole) has no buddy bit: no merge.
            if (!buddy.IsBuddy || buddy.Private != (ulong)order || buddy.ZoneId != zoneBits)
                break;
            Unlink(buddyPfn, order);
            buddy.Flags &= ~Page.BuddyFlag;
            buddy.Private = 0;
            pfn &= buddyPfn;
            order++;
        }

        ref Page head = ref memmap[pfn];
        head.Flags |= Page.BuddyFlag;
        head.Private = (ulong)order;
        head.LruPrev = Page.NoPage;
        head.LruNext = heads[order];
        if (heads[order] != Page.NoPage)
            memmap[heads[order]].LruPrev = pfn;
        heads[order] = pfn;
        counts[order]++;
    }

    private void Unlink(ulong pfn, int order)
    {
        ref Page page = ref memmap[pfn];
        if (page.LruPrev == Page.NoPage)
            heads[order] = page.LruNext;
        else
            memmap[page.LruPrev].LruNext = page.LruNext;
        if (page.LruNext != Page.NoPage)
            memmap[page.LruNext].LruPrev = page.LruPrev;
        page.LruNext = page.LruPrev = pfn;
        counts[order]--;
    }
}
