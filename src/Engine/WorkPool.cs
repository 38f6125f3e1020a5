namespace Padata;

/// <summary>
/// The fixed pool of work items shared by every job of one engine (the kernel's
/// <c>padata_works</c> free list). A job takes what it can get in one step and never waits for
/// more: a short pool means a job runs with fewer helpers, never that it blocks, so jobs sharing
/// the pool cannot deadlock on it.
/// </summary>
internal sealed class WorkPool
{
    private readonly object gate = new();
    private readonly Stack<PadataWork> free;

    /// <param name="capacity">Number of work items; 0 makes every job run on its caller alone.</param>
    public WorkPool(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        free = new Stack<PadataWork>(capacity);
        for (int id = capacity - 1; id >= 0; id--)
            free.Push(new PadataWork(this, id));
    }

    public int Capacity { get; }

    /// <summary>Items in the free list right now (a snapshot under the pool lock).</summary>
    public int Available
    {
        get
        {
            lock (gate)
                return free.Count;
        }
    }

    /// <summary>Takes up to <paramref name="count"/> items at once; returns the ones granted (maybe none).</summary>
    public PadataWork[] Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (gate)
        {
            var granted = new PadataWork[Math.Min(count, free.Count)];
            for (int i = 0; i < granted.Length; i++)
            {
                PadataWork item = free.Pop();
                item.IsFree = false;
                granted[i] = item;
            }
            return granted;
        }
    }

    /// <summary>
    /// Puts taken items back. All-or-nothing: an item of another pool, one already free, or one
    /// listed twice is rejected before any item is returned, so a misuse cannot corrupt the pool.
    /// </summary>
    public void Return(IReadOnlyList<PadataWork> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        lock (gate)
        {
            for (int i = 0; i < items.Count; i++)
            {
                PadataWork item = items[i] ?? throw new ArgumentException($"items[{i}] is null.", nameof(items));
                if (item.Pool != this)
                    throw new ArgumentException($"{item} belongs to another pool and cannot be returned to this one.", nameof(items));
                if (item.IsFree)
                    throw new InvalidOperationException($"{item} is already in the pool (returned twice).");
                for (int j = 0; j < i; j++)
                    if (ReferenceEquals(items[j], item))
                        throw new InvalidOperationException($"{item} is listed twice in one return.");
            }
            foreach (PadataWork item in items)
            {
                item.IsFree = true;
                free.Push(item);
            }
        }
    }
}
