using System.Runtime.InteropServices;

namespace Padata.Models;

/// <summary>
/// The model's <c>struct page</c>: 64 bytes, like the kernel's, so the memmap of a 16 GiB zone is
/// 256 MiB and page init costs what it costs in the kernel (DESIGN.md §6). Flags carry the zone,
/// node and section (<c>set_page_links</c>) and the buddy bit; list links are pfns.
/// The last eight bytes are the model's accounting, standing where the kernel's debug checks
/// stand: how often the page was initialized and freed, so "exactly once" can be verified after
/// a run without watching it.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
public struct Page
{
    /// <summary>Set on the first page of a free block; its order is in <see cref="Private"/>.</summary>
    public const ulong BuddyFlag = 1UL << 0;

    /// <summary>Bytes of one page struct, as in the kernel.</summary>
    public const int Size = 64;

    /// <summary>Bits of <see cref="Flags"/> naming the zone within its node (DMA/DMA32/Normal/Movable).</summary>
    public const int ZoneBits = 2;

    /// <summary>Bits of <see cref="Flags"/> naming the node.</summary>
    public const int NodeBits = 10;

    private const int SectionShift = 20;
    private const ulong SectionMask = (1UL << 32) - 1;
    private const int NodeShift = 52;
    private const ulong NodeMask = (1UL << NodeBits) - 1;
    private const int ZoneShift = 62;
    private const ulong ZoneMask = (1UL << ZoneBits) - 1;

    /// <summary>Value for list links that point nowhere (a free-list end).</summary>
    public const ulong NoPage = ulong.MaxValue;

    public ulong Flags;
    public int RefCount;
    public int MapCount;
    public ulong LruNext;
    public ulong LruPrev;
    public ulong Private;
    public ulong Mapping;
    public ulong Index;
    public int Initializations;
    public int Frees;

    /// <summary>The zone/node/section bits of <see cref="Flags"/> for a page.</summary>
    public static ulong Links(int zoneIndex, int node, ulong section) =>
        ((ulong)zoneIndex & ZoneMask) << ZoneShift | ((ulong)node & NodeMask) << NodeShift | (section & SectionMask) << SectionShift;

    public readonly int ZoneIndex => (int)(Flags >> ZoneShift & ZoneMask);

    public readonly int Node => (int)(Flags >> NodeShift & NodeMask);

    public readonly ulong Section => Flags >> SectionShift & SectionMask;

    /// <summary>The zone and node bits alone: what <c>page_zone_id</c> compares before a merge.</summary>
    public readonly ulong ZoneId => Flags & ~((1UL << NodeShift) - 1);

    public readonly bool IsBuddy => (Flags & BuddyFlag) != 0;

    /// <summary>
    /// <c>__init_single_page</c>: the struct is cleared, then given its links, a reference count
    /// of 1, no mappings and an empty list head pointing at itself.
    /// </summary>
    public void Initialize(ulong pfn, ulong links)
    {
        int initializations = Initializations + 1, frees = Frees;
        this = default;
        Flags = links;
        RefCount = 1;
        MapCount = -1;
        LruNext = pfn;
        LruPrev = pfn;
        Initializations = initializations;
        Frees = frees;
    }
}
