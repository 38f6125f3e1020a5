using System.Numerics;

namespace Padata.Models;

/// <summary>
/// The deferred-init job's thread function for one zone (the kernel's
/// <c>deferred_init_memmap_chunk</c> with <c>deferred_init_maxorder</c>): from the first present
/// pfn at or after the chunk's start, while that pfn is below the chunk's end, take one max-order
/// step: initialize every page struct of the present ranges up to the next max-order boundary,
/// then free those pages to the zone's buddy allocator.
/// <para>
/// As in the kernel, a step is bounded by the max-order boundary and the present ranges, not by
/// the chunk's end. That is sound only because every interior chunk boundary is a multiple of the
/// section size, hence of the max-order block: a step never crosses one. With any other alignment
/// the last step of a chunk runs into the next chunk, whose worker initializes and frees the same
/// pages again (docs/design.md §3.6; the harness shows it).
/// </para>
/// </summary>
public sealed class DeferredInitChunk
{
    private readonly Memmap memmap;
    private readonly Zone zone;
    private readonly PfnRange[] present;
    private readonly ulong maxOrderPages;

    public DeferredInitChunk(Memmap memmap, Zone zone)
    {
        ArgumentNullException.ThrowIfNull(memmap);
        ArgumentNullException.ThrowIfNull(zone);
        this.memmap = memmap;
        this.zone = zone;
        present = zone.PresentRanges;
        maxOrderPages = zone.Geometry.MaxOrderPages;
    }

    /// <summary>Initializes and frees the present pages of <c>[start, end)</c>, in max-order steps.</summary>
    public void Run(ulong start, ulong end)
    {
        // The cursor: the present range being walked (index, and the rest of it [spfn, epfn)).
        int index = FirstRangeEndingAfter(start);
        if (index == present.Length)
            return;
        ulong spfn = Math.Max(present[index].Start, start), epfn = present[index].End;
        while (spfn < end)
            InitMaxOrderStep(ref index, ref spfn, ref epfn);
    }

    /// <summary>
    /// One step. Every page of the step is initialized before any is freed: freeing merges a block
    /// with its free buddy, and initializing a page clears its struct, so a page initialized after
    /// its block was merged would wipe a free block's buddy bit and corrupt the free lists.
    /// </summary>
    private void InitMaxOrderStep(ref int index, ref ulong spfn, ref ulong epfn)
    {
        ulong stepEnd = AlignUp(spfn + 1, maxOrderPages);

        int i = index;
        ulong s = spfn, e = epfn;
        while (s < stepEnd)
        {
            InitPages(s, Math.Min(stepEnd, e));
            if (stepEnd < e)
            {
                s = stepEnd;
                break;
            }
            if (++i == present.Length)
            {
                // No present range left: the caller's loop ends (the kernel's ULONG_MAX).
                s = e = ulong.MaxValue;
                break;
            }
            (s, e) = (present[i].Start, present[i].End);
        }

        // The same walk again, freeing what was initialized.
        int k = index;
        ulong fs = spfn, fe = epfn;
        while (fs < stepEnd)
        {
            FreePages(fs, Math.Min(stepEnd, fe));
            if (stepEnd <= fe || ++k == present.Length)
                break;
            (fs, fe) = (present[k].Start, present[k].End);
        }

        (index, spfn, epfn) = (i, s, e);
    }

    /// <summary>Initializes <c>[start, end)</c>, which lies inside one max-order block, hence one section.</summary>
    private void InitPages(ulong start, ulong end)
    {
        ulong links = zone.LinksFor(start);
        Span<Page> pages = memmap.Pages(new PfnRange(start, end));
        for (int i = 0; i < pages.Length; i++)
            pages[i].Initialize(start + (ulong)i, links);
    }

    /// <summary>
    /// Frees <c>[start, end)</c> as naturally aligned blocks, largest first: a whole max-order
    /// block at once, the pieces of a step cut short by a hole in smaller blocks.
    /// </summary>
    private void FreePages(ulong start, ulong end)
    {
        int maxOrder = zone.Geometry.MaxOrder;
        while (start < end)
        {
            int order = start == 0 ? maxOrder : Math.Min(maxOrder, BitOperations.TrailingZeroCount(start));
            while (start + (1UL << order) > end)
                order--;
            zone.Buddy.Free(start, order);
            start += 1UL << order;
        }
    }

    private int FirstRangeEndingAfter(ulong pfn)
    {
        int low = 0, high = present.Length;
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (present[middle].End > pfn)
                high = middle;
            else
                low = middle + 1;
        }
        return low;
    }

    private static ulong AlignUp(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);
}
