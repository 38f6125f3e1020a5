namespace Padata.Models;

/// <summary>
/// The huge page pool of one size (the kernel's <c>struct hstate</c>): a free list, its free count
/// and the reservations, all under one pool lock (<c>hugetlb_lock</c>). A page is taken only while
/// the free pages exceed the reserved ones (reserved pages are promised to others' mappings).
/// Invariant, under the lock: the free count is the length of the free list.
/// </summary>
public sealed class HugePagePool
{
    private readonly object gate = new();
    private readonly Stack<HugePage> freeList = new();
    private int freeCount;

    /// <param name="pages">Huge pages in the pool, all free at first; 0 or more.</param>
    /// <param name="pageSize">Bytes per huge page; at least 1.</param>
    /// <param name="reserved">Free pages reserved for others, never given to fallocate; 0 to <paramref name="pages"/>.</param>
    public HugePagePool(int pages, int pageSize, int reserved = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pages);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        if (reserved < 0 || reserved > pages)
            throw new ArgumentOutOfRangeException(nameof(reserved), reserved, $"reserved must be between 0 and the pool's {pages} pages.");
        for (int id = pages - 1; id >= 0; id--)
        {
            var page = new HugePage(id, pageSize);
            // Stale data: a page from the pool must be cleared before a file may hold it.
            page.Data.AsSpan().Fill(0xA5);
            freeList.Push(page);
        }
        freeCount = pages;
        Total = pages;
        PageSize = pageSize;
        Reserved = reserved;
    }

    public int Total { get; }

    public int PageSize { get; }

    public int Reserved { get; }

    /// <summary>The free count, read under the pool lock.</summary>
    public int FreeCount
    {
        get
        {
            lock (gate)
                return freeCount;
        }
    }

    /// <summary>Takes a free page that is not reserved; null when there is none (the caller's ENOSPC).</summary>
    public HugePage? TryAllocate()
    {
        HugePage page;
        Monitor.Enter(gate);
        // The check, the pop and the count change in one critical section: two takers that both
        // passed a separate check could take the last page twice, and a count changed outside the
        // lock loses a concurrent update.
        if (freeCount - Reserved <= 0)
        {
            Monitor.Exit(gate);
            return null;
        }
        page = freeList.Pop();
        freeCount--;
        Monitor.Exit(gate);
        return page;
    }

    /// <summary>Gives <paramref name="page"/> back to the pool.</summary>
    public void Free(HugePage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        Monitor.Enter(gate);
        freeList.Push(page);
        freeCount++;
        Monitor.Exit(gate);
    }

    /// <summary>The free list and free count as one consistent picture (under the lock), for verifiers.</summary>
    public (IReadOnlyList<HugePage> FreeList, int FreeCount) Snapshot()
    {
        lock (gate)
            return ([.. freeList], freeCount);
    }

    public override string ToString()
    {
        var (list, count) = Snapshot();
        return $"huge page pool: {count} free of {Total} ({Reserved} reserved), free list of {list.Count}, {PageSize:N0} B pages";
    }
}
