using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Padata.Models;

namespace Padata.Reference;

/// <summary>
/// What deferred struct page init leaves in the memmap and the free lists, restated from the
/// kernel's rules (docs/design.md; DESIGN.md §3) for the tests, apart from the model it judges:
/// nothing here calls <c>Page.Initialize</c>, <c>Page.Links</c>, <c>Zone.LinksFor</c>,
/// <c>DeferredInitChunk</c> or <c>BuddyAllocator</c>. The model's layouts are read as plain data
/// (spans, present ranges, node ids, CPUs); the expected page structs are byte images of the
/// model's 64-byte <c>struct page</c>, whose layout is restated below.
/// </summary>
internal static class PageInitReference
{
    /// <summary>Bytes of a page struct.</summary>
    public const int PageBytes = 64;

    // The struct's fields, in order, as the model lays them out (little-endian):
    // flags u64, refcount s32, mapcount s32, lru.next u64, lru.prev u64, private u64, mapping u64,
    // index u64, then the model's accounting: initializations s32, frees s32.
    private const int FlagsAt = 0, RefCountAt = 8, MapCountAt = 12, LruNextAt = 16, LruPrevAt = 24,
                      PrivateAt = 32, MappingAt = 40, IndexAt = 48, InitializationsAt = 56, FreesAt = 60;

    /// <summary>Flag bit 0 marks the first page of a free block (the kernel's PageBuddy).</summary>
    private const ulong BuddyBit = 1;

    /// <summary>
    /// <c>set_page_links</c> in the model: the zone's position in its node in bits 62–63, the node
    /// id in bits 52–61, the section number in bits 20–51.
    /// </summary>
    public static ulong Links(int zoneIndex, int node, ulong section) =>
        (ulong)zoneIndex << 62 | (ulong)node << 52 | (section & 0xFFFF_FFFF) << 20;

    /// <summary>A zone as plain data: where it sits in its node and which pfns are present.</summary>
    public sealed record ZoneFacts(int Node, int ZoneIndex, ulong SpanStart, ulong SpanEnd, IReadOnlyList<(ulong Start, ulong End)> Present)
    {
        public bool IsPresent(ulong pfn) => Present.Any(r => pfn >= r.Start && pfn < r.End);
    }

    /// <summary>The zones of a layout, node by node, each zone's index its position in its node.</summary>
    public static IReadOnlyList<ZoneFacts> Zones(MemoryLayout layout) =>
        layout.Nodes.SelectMany(node => node.Zones.Select((zone, index) => new ZoneFacts(
            node.Id, index, zone.Span.Start, zone.Span.End,
            zone.Present.Select(r => (r.Start, r.End)).OrderBy(r => r.Start).ToList()))).ToList();

    /// <summary>
    /// The pages one chunk <c>[start, end)</c> of a zone's job initializes and frees
    /// (<c>deferred_init_maxorder</c>): from the first present pfn at or after <paramref name="start"/>,
    /// while that pfn is below <paramref name="end"/>, a step runs to the next multiple of the
    /// max-order block and takes every present pfn of it. So a present pfn p ≥ start is taken when
    /// the first present pfn at or after max(start, p's max-order block start) lies below end: the
    /// pfns of the chunk, and those past its end in the block where its last step began.
    /// </summary>
    public static IReadOnlyList<ulong> ChunkPages(ZoneFacts zone, int maxOrder, ulong start, ulong end)
    {
        ulong block = 1UL << maxOrder;
        var pages = new List<ulong>();
        foreach (var (rangeStart, rangeEnd) in zone.Present)
            for (ulong p = Math.Max(rangeStart, start); p < rangeEnd; p++)
            {
                ulong from = Math.Max(start, p / block * block);
                ulong? first = zone.Present.Where(r => r.End > from).Select(r => Math.Max(r.Start, from)).Cast<ulong?>().Min();
                if (first < end)
                    pages.Add(p);
            }
        return pages;
    }

    /// <summary>
    /// The free blocks, as (first pfn, order), once <paramref name="freed"/> pfns of a zone have been
    /// freed, each once, in any order and in any split: <c>__free_one_page</c> merges a block with
    /// its buddy whenever the buddy is a free block of the same order (in the same zone), up to
    /// max order, so what is left is the largest naturally aligned blocks of at most max order
    /// inside each stretch of consecutive freed pfns, taken from the low end.
    /// </summary>
    public static IReadOnlyList<(ulong Pfn, int Order)> FreeBlocks(IEnumerable<ulong> freed, int maxOrder)
    {
        var blocks = new List<(ulong, int)>();
        ulong[] pfns = freed.Order().ToArray();
        for (int i = 0; i < pfns.Length;)
        {
            int j = i;
            while (j + 1 < pfns.Length && pfns[j + 1] == pfns[j] + 1)
                j++;
            ulong p = pfns[i], stretchEnd = pfns[j] + 1;
            while (p < stretchEnd)
            {
                int order = maxOrder;
                while (p % (1UL << order) != 0 || p + (1UL << order) > stretchEnd)
                    order--;
                blocks.Add((p, order));
                p += 1UL << order;
            }
            i = j + 1;
        }
        return blocks;
    }

    /// <summary>
    /// A page struct right after <c>__init_single_page</c>: cleared, then its links, a reference
    /// count of 1, no mappings (mapcount −1), an empty list head pointing at itself; the model's
    /// accounting counts one more initialization and keeps the frees.
    /// </summary>
    public static byte[] AfterInit(ulong pfn, ulong links, int initializationsBefore, int freesBefore)
    {
        var page = new byte[PageBytes];
        Write(page, FlagsAt, links);
        Write(page, RefCountAt, 1);
        Write(page, MapCountAt, -1);
        Write(page, LruNextAt, pfn);
        Write(page, LruPrevAt, pfn);
        Write(page, InitializationsAt, initializationsBefore + 1);
        Write(page, FreesAt, freesBefore);
        return page;
    }

    /// <summary>
    /// Differences between every page struct of a zone's span and what the kernel's rules leave
    /// once exactly <paramref name="freed"/> pfns were initialized and freed, each once: those pages
    /// as after <see cref="AfterInit"/>, with the reference dropped (refcount 0) and, on the first
    /// page of each free block, the buddy bit and the order in <c>private</c> (its list links are
    /// the free list's, checked by <see cref="FreeListDifferences"/>); every other page untouched
    /// (all zero, as the memmap was allocated).
    /// </summary>
    public static List<string> PageDifferences(ZoneFacts zone, ulong pagesPerSection, IReadOnlyCollection<ulong> freed, IReadOnlyList<(ulong Pfn, int Order)> blocks,
                                               Func<ulong, byte[]> actualPage, string name, int limit = 20)
    {
        var differences = new List<string>();
        var freedSet = freed.ToHashSet();
        var heads = blocks.ToDictionary(b => b.Pfn, b => b.Order);
        for (ulong pfn = zone.SpanStart; pfn < zone.SpanEnd && differences.Count < limit; pfn++)
        {
            byte[] expected = new byte[PageBytes];
            bool head = heads.TryGetValue(pfn, out int order);
            if (freedSet.Contains(pfn))
            {
                expected = AfterInit(pfn, Links(zone.ZoneIndex, zone.Node, pfn / pagesPerSection), 0, 0);
                Write(expected, RefCountAt, 0);
                Write(expected, FreesAt, 1);
                if (head)
                {
                    Write(expected, FlagsAt, Links(zone.ZoneIndex, zone.Node, pfn / pagesPerSection) | BuddyBit);
                    Write(expected, PrivateAt, (ulong)order);
                }
            }
            byte[] actual = actualPage(pfn);
            string? wrong = Describe(expected, actual, ignoreLinks: head);
            if (wrong is not null)
                differences.Add($"{name} pfn {pfn} ({(freedSet.Contains(pfn) ? head ? $"heads a free order-{order} block" : "freed" : "not to be touched")}): {wrong}");
        }
        return differences;
    }

    /// <summary>The free lists, walked (at most a page per zone pfn, so a cycle ends), against the expected blocks.</summary>
    public static List<string> FreeListDifferences(IReadOnlyList<(ulong Pfn, int Order)> expected, int maxOrder, ulong zonePages,
                                                   Func<int, IEnumerable<ulong>> listed, Func<int, ulong> counted, string name)
    {
        var differences = new List<string>();
        for (int order = 0; order <= maxOrder; order++)
        {
            var want = expected.Where(b => b.Order == order).Select(b => b.Pfn).Order().ToList();
            var have = listed(order).Take(checked((int)zonePages + 1)).ToList();
            if (!want.SequenceEqual(have.Order()))
                differences.Add($"{name} order-{order} free list holds [{string.Join(" ", have.Order())}]; the kernel rule leaves [{string.Join(" ", want)}].");
            if (counted(order) != (ulong)want.Count)
                differences.Add($"{name} order-{order} count says {counted(order)} blocks; the kernel rule leaves {want.Count}.");
        }
        return differences;
    }

    /// <summary>
    /// Every difference between a zone of <paramref name="model"/> (its page structs and its free
    /// lists) and what the kernel's rules leave once <paramref name="freed"/> pfns (by default every
    /// present pfn of the zone: a whole deferred init) were initialized and freed, each once. The
    /// model is only read: page structs as bytes, the free lists from their heads through the
    /// lru.next bytes, the per-order counts.
    /// </summary>
    public static List<string> Differences(MemoryModel model, Zone zone, IReadOnlyCollection<ulong>? freed = null, int limit = 20)
    {
        ZoneFacts facts = Zones(model.Layout).Single(z => z.Node == zone.Node.Id && z.SpanStart == zone.Span.Start);
        int maxOrder = model.Geometry.MaxOrder;
        freed ??= facts.Present.SelectMany(r => Pfns(r.Start, r.End)).ToList();
        IReadOnlyList<(ulong Pfn, int Order)> blocks = FreeBlocks(freed, maxOrder);
        Memmap memmap = model.Memmap;
        byte[] Bytes(ulong pfn) => MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref memmap[pfn], 1)).ToArray();
        IEnumerable<ulong> Listed(int order)
        {
            for (ulong pfn = zone.Buddy.Head(order); pfn != ulong.MaxValue && memmap.Span.Contains(pfn); pfn = Read64(Bytes(pfn), LruNextAt))
                yield return pfn;
        }

        List<string> differences = PageDifferences(facts, model.Geometry.PagesPerSection, freed, blocks, Bytes, zone.Name, limit);
        differences.AddRange(FreeListDifferences(blocks, maxOrder, facts.SpanEnd - facts.SpanStart, Listed, zone.Buddy.FreeBlocks, zone.Name));
        return differences;
    }

    private static IEnumerable<ulong> Pfns(ulong start, ulong end)
    {
        for (ulong pfn = start; pfn < end; pfn++)
            yield return pfn;
    }

    /// <summary>The fields that differ, by name; null when the images agree.</summary>
    public static string? Describe(byte[] expected, byte[] actual, bool ignoreLinks = false)
    {
        var wrong = new List<string>();
        void U64(string field, int at)
        {
            if (!(ignoreLinks && at is LruNextAt or LruPrevAt) && Read64(expected, at) != Read64(actual, at))
                wrong.Add($"{field} {Read64(actual, at):x}, expected {Read64(expected, at):x}");
        }
        void S32(string field, int at)
        {
            if (Read32(expected, at) != Read32(actual, at))
                wrong.Add($"{field} {Read32(actual, at)}, expected {Read32(expected, at)}");
        }
        U64("flags", FlagsAt);
        S32("refcount", RefCountAt);
        S32("mapcount", MapCountAt);
        U64("lru.next", LruNextAt);
        U64("lru.prev", LruPrevAt);
        U64("private", PrivateAt);
        U64("mapping", MappingAt);
        U64("index", IndexAt);
        S32("initializations", InitializationsAt);
        S32("frees", FreesAt);
        return wrong.Count == 0 ? null : string.Join(", ", wrong);
    }

    private static void Write(byte[] page, int at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(at), value);

    private static void Write(byte[] page, int at, int value) => BinaryPrimitives.WriteInt32LittleEndian(page.AsSpan(at), value);

    private static ulong Read64(byte[] page, int at) => BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(at));

    private static int Read32(byte[] page, int at) => BinaryPrimitives.ReadInt32LittleEndian(page.AsSpan(at));
}
