namespace Padata.Models;

/// <summary>
/// Checks a model after deferred init against DESIGN.md §3's invariants: every present page
/// initialized exactly once and freed exactly once, with its zone's links; holes untouched; free
/// blocks naturally aligned, inside present memory, not overlapping, each block's buddy merged
/// when both are free; per-order counts equal to the lists; free pages equal to present pages.
/// Reads only the model's state, so it can run after any run, native or controlled.
/// </summary>
public static class MemmapVerifier
{
    /// <summary>Violations listed in full; beyond this many only the count goes on.</summary>
    public const int MaxListed = 20;

    public static VerificationReport Verify(MemoryModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var report = new VerificationReport.Builder(MaxListed);
        foreach (Zone zone in model.Zones)
            VerifyZone(model, zone, report);

        // Between zones nothing is present: those page structs stay as the memmap was allocated.
        ulong pfn = model.Memmap.Span.Start;
        foreach (PfnRange span in model.Zones.Select(z => z.Span).OrderBy(r => r.Start).Append(new PfnRange(model.Memmap.Span.End, model.Memmap.Span.End)))
        {
            for (; pfn < span.Start; pfn++)
                CheckUntouched(model.Memmap, pfn, "between zones", report);
            pfn = Math.Max(pfn, span.End);
        }
        return report.Build(model.Layout.PresentPages);
    }

    /// <summary>The invariants of one zone alone (its present pages, its holes, its free lists).</summary>
    public static VerificationReport Verify(MemoryModel model, Zone zone)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(zone);
        var report = new VerificationReport.Builder(MaxListed);
        VerifyZone(model, zone, report);
        return report.Build(zone.Layout.PresentPages);
    }

    private static void CheckUntouched(Memmap memmap, ulong pfn, string where, VerificationReport.Builder report)
    {
        ref Page page = ref memmap[pfn];
        if (!IsUntouched(in page))
            report.Add($"pfn {pfn} ({where}) was touched: initialized {page.Initializations}x, freed {page.Frees}x, flags {page.Flags:x}.");
    }

    private static void VerifyZone(MemoryModel model, Zone zone, VerificationReport.Builder report)
    {
        Memmap memmap = model.Memmap;
        BuddyAllocator buddy = zone.Buddy;

        ulong next = zone.Span.Start;
        foreach (PfnRange range in zone.Present.Append(new PfnRange(zone.Span.End, zone.Span.End)))
        {
            for (; next < range.Start; next++)
                CheckUntouched(memmap, next, $"a hole of {zone.Name}", report);
            next = range.End;
        }

        foreach (PfnRange range in zone.Present)
            for (ulong pfn = range.Start; pfn < range.End; pfn++)
            {
                ref Page page = ref memmap[pfn];
                if (page.Initializations != 1 || page.Frees != 1)
                    report.Add($"{zone.Name} pfn {pfn} was initialized {page.Initializations}x and freed {page.Frees}x (must be once each).");
                else if ((page.Flags & ~Page.BuddyFlag) != zone.LinksFor(pfn) || page.RefCount != 0 || page.MapCount != -1)
                    report.Add($"{zone.Name} pfn {pfn} has flags {page.Flags:x}, refcount {page.RefCount}, mapcount {page.MapCount} " +
                               $"(expected links {zone.LinksFor(pfn):x}, refcount 0 once freed, mapcount -1).");
            }

        // Walk the free lists: a list corrupted into a cycle or into another list stops at the
        // first page seen twice.
        var covered = new bool[zone.Span.Length];
        var heads = new HashSet<ulong>();
        ulong freePages = 0;
        for (int order = 0; order <= buddy.MaxOrder; order++)
        {
            ulong blockPages = 1UL << order, listed = 0, previous = Page.NoPage;
            for (ulong pfn = buddy.Head(order); pfn != Page.NoPage; previous = pfn, pfn = memmap[pfn].LruNext)
            {
                if (!zone.Span.Contains(pfn))
                {
                    report.Add($"{zone.Name} order-{order} free list points to pfn {pfn}, outside the zone.");
                    break;
                }
                if (!heads.Add(pfn))
                {
                    report.Add($"{zone.Name} order-{order} free list reaches pfn {pfn} a second time (a cycle, or a block on two lists).");
                    break;
                }
                ref Page head = ref memmap[pfn];
                listed++;
                if (head.LruPrev != previous)
                    report.Add($"{zone.Name} order-{order} block {pfn}: back link {head.LruPrev}, expected {previous}.");
                if (!head.IsBuddy || head.Private != (ulong)order)
                    report.Add($"{zone.Name} order-{order} block {pfn} is on the list without the buddy bit and its order " +
                               $"(buddy {head.IsBuddy}, order {head.Private}).");
                if ((pfn & (blockPages - 1)) != 0)
                    report.Add($"{zone.Name} order-{order} block {pfn} is not naturally aligned.");
                var block = new PfnRange(pfn, pfn + blockPages);
                if (!IsPresent(zone, block))
                {
                    report.Add($"{zone.Name} order-{order} block {block} is not inside present memory.");
                    continue;
                }
                for (ulong p = block.Start; p < block.End; p++)
                {
                    if (covered[p - zone.Span.Start])
                        report.Add($"{zone.Name} pfn {p} is in two free blocks (the second: order {order} at {pfn}).");
                    covered[p - zone.Span.Start] = true;
                }
                freePages += blockPages;
                ulong buddyPfn = pfn ^ blockPages;
                if (order < buddy.MaxOrder && zone.Span.Contains(buddyPfn) && memmap[buddyPfn].IsBuddy && memmap[buddyPfn].Private == (ulong)order)
                    report.Add($"{zone.Name} order-{order} blocks {pfn} and {buddyPfn} are free buddies left unmerged.");
            }
            if (listed != buddy.FreeBlocks(order))
                report.Add($"{zone.Name} order-{order} count says {buddy.FreeBlocks(order)} blocks, the list holds {listed}.");
        }

        foreach (PfnRange range in zone.Present)
            for (ulong pfn = range.Start; pfn < range.End; pfn++)
            {
                if (!covered[pfn - zone.Span.Start])
                    report.Add($"{zone.Name} present pfn {pfn} is in no free block.");
                if (memmap[pfn].IsBuddy && !heads.Contains(pfn))
                    report.Add($"{zone.Name} pfn {pfn} carries the buddy bit but heads no listed block.");
            }

        if (buddy.FreePages != zone.Layout.PresentPages || freePages != zone.Layout.PresentPages)
            report.Add($"{zone.Name}: {buddy.FreePages} free pages by the counts, {freePages} on the lists, {zone.Layout.PresentPages} present.");
    }

    private static bool IsPresent(Zone zone, PfnRange block)
    {
        ulong pfn = block.Start;
        foreach (PfnRange range in zone.Present)
            if (range.Contains(pfn))
                pfn = Math.Min(range.End, block.End);
        return pfn >= block.End;
    }

    private static bool IsUntouched(in Page page) =>
        page.Flags == 0 && page.RefCount == 0 && page.MapCount == 0 && page.LruNext == 0 && page.LruPrev == 0 &&
        page.Private == 0 && page.Initializations == 0 && page.Frees == 0;
}
