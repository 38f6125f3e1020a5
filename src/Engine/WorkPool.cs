namespace Padata;

/// <summary>
/// The fixed pool of work items shared by every job of one engine (the kernel's
/// <c>padata_works</c> free list). A job takes what it can get in one step and never waits for
/// more: a short pool means a job runs with fewer helpers, never that it blocks, so jobs sharing
/// the pool cannot deadlock on it.
/// <para>
/// The grant also places each helper on a node and counts it against the engine's
/// <see cref="HelperLimits"/> (ktask's resource limits): items, caps and the round-robin cursor are
/// one decision, made under one lock, so two jobs can neither take the same item nor both take the
/// last place under a cap. A cap is held from the grant until the helper has finished
/// (<see cref="ReleaseCap"/>), not until its item goes back: the limits count helpers running.
/// Invariants under <see cref="gate"/>: <c>running[n] ≤ cap(n)</c> and <c>Σ running ≤ system cap</c>
/// whenever <see cref="TracksCaps"/>.
/// </para>
/// </summary>
internal sealed class WorkPool
{
    private readonly object gate = new();
    private readonly Stack<PadataWork> free;
    private readonly HelperLimits limits;
    private readonly int[] running;
    private int runningTotal;
    // Helpers cancelled by their callers, as the callers said when they returned their items.
    private int cancelledHelpers;

    // padata's last_used_nid: the node the last NUMA-aware helper went to. Read and advanced under
    // the gate, in the same critical section as the grant: two jobs reading it apart would place
    // their helpers on the same node and leave the others idle.
    private int lastUsedNode = -1;

    /// <param name="capacity">Number of work items; 0 makes every job run on its caller alone.</param>
    public WorkPool(int capacity) : this(capacity, HelperLimits.None(1))
    {
    }

    /// <param name="capacity">Number of work items; 0 makes every job run on its caller alone.</param>
    /// <param name="limits">Caps on helpers running at once, one per node and one system-wide.</param>
    public WorkPool(int capacity, HelperLimits limits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentNullException.ThrowIfNull(limits);
        Capacity = capacity;
        this.limits = limits;
        running = new int[limits.PerNode.Count];
        // A cap at or above the pool's size can never be reached: nothing to count then, and an
        // engine without limits keeps the pool's one lock acquisition per job and no more.
        TracksCaps = limits.Binds(capacity);
        free = new Stack<PadataWork>(capacity);
        for (int id = capacity - 1; id >= 0; id--)
            free.Push(new PadataWork(this, id));
    }

    public int Capacity { get; }

    public int NodeCount => running.Length;

    /// <summary>Whether a cap can bind, so that helpers are counted until they finish.</summary>
    public bool TracksCaps { get; }

    /// <summary>Items in the free list right now (a snapshot under the pool lock).</summary>
    public int Available
    {
        get
        {
            lock (gate)
                return free.Count;
        }
    }

    /// <summary>Helpers their callers cancelled, as said at each <see cref="Return"/> so far (a snapshot under the pool lock).</summary>
    public int CancelledHelpers
    {
        get
        {
            lock (gate)
                return cancelledHelpers;
        }
    }

    /// <summary>Helpers counted against the caps right now, per node (a snapshot under the pool lock; zeros when no cap binds).</summary>
    public int[] Running
    {
        get
        {
            lock (gate)
                return [.. running];
        }
    }

    /// <summary>Takes up to <paramref name="count"/> items at once for helpers on node 0; returns the ones granted (maybe none).</summary>
    public PadataWork[] Take(int count) => Take(count, homeNode: 0, numaAware: false);

    /// <summary>
    /// Takes up to <paramref name="count"/> items at once, as many as the free list, the system cap
    /// and the node caps allow right now (maybe none), never waiting for more, and places each
    /// granted helper on a node (<see cref="PadataWork.Node"/>): all on <paramref name="homeNode"/>,
    /// or, <paramref name="numaAware"/>, round-robin over the nodes from the one after the last
    /// used (padata's <c>next_node_in(last_used_nid)</c>), passing over nodes at their cap.
    /// </summary>
    public PadataWork[] Take(int count, int homeNode, bool numaAware)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (homeNode < 0 || homeNode >= running.Length)
            throw new ArgumentOutOfRangeException(nameof(homeNode), homeNode, $"homeNode must name one of the {running.Length} node(s).");
        lock (gate)
        {
            // The cursor is read here and written back below, in this one critical section.
            int cursor = lastUsedNode;
            int wanted = Math.Min(count, free.Count);
            if (TracksCaps)
                wanted = Math.Min(wanted, limits.SystemWide - runningTotal);
            var placed = new int[Math.Max(wanted, 0)];
            int granted = 0;
            while (granted < placed.Length)
            {
                int node = numaAware ? NextNodeWithRoom(cursor) : (HasRoom(homeNode) ? homeNode : -1);
                if (node < 0)
                    break;
                if (numaAware)
                    cursor = node;
                placed[granted++] = node;
                if (TracksCaps)
                {
                    running[node]++;
                    runningTotal++;
                }
            }
            lastUsedNode = cursor;
            var items = new PadataWork[granted];
            for (int i = 0; i < granted; i++)
            {
                PadataWork item = free.Pop();
                item.IsFree = false;
                item.Node = placed[i];
                items[i] = item;
            }
            return items;
        }
    }

    /// <summary>
    /// Takes items at once for a per-node job (docs/design.md §7.3.1): up to <paramref name="wanted"/>[n]
    /// helpers placed on node n, as many as the free list and the caps allow right now (maybe none),
    /// never waiting for more. Nodes are served one helper at a time in turn, so a short pool is
    /// shared among the nodes rather than going to the first. With <paramref name="anywhere"/>, a
    /// helper a node's cap refused is placed on the next node with room instead.
    /// </summary>
    public PadataWork[] Take(IReadOnlyList<int> wanted, bool anywhere)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        if (wanted.Count != running.Length)
            throw new ArgumentException($"wanted gives {wanted.Count} node(s); the pool places helpers on {running.Length}.", nameof(wanted));
        lock (gate)
        {
            // Items, caps and placement are one decision under the pool lock, as in the other Take.
            int budget = free.Count;
            if (TracksCaps)
                budget = Math.Min(budget, limits.SystemWide - runningTotal);
            int[] left = [.. wanted];
            var placed = new List<int>();
            for (bool progress = true; progress && placed.Count < budget;)
            {
                progress = false;
                for (int node = 0; node < left.Length && placed.Count < budget; node++)
                {
                    if (left[node] == 0 || !HasRoom(node))
                        continue;
                    Place(node, placed);
                    left[node]--;
                    progress = true;
                }
            }
            if (anywhere)
                for (int node = 0; node < left.Length; node++)
                    for (; left[node] > 0 && placed.Count < budget; left[node]--)
                    {
                        int other = NextNodeWithRoom(node);
                        if (other < 0)
                            break;
                        Place(other, placed);
                    }
            var items = new PadataWork[placed.Count];
            for (int i = 0; i < items.Length; i++)
            {
                PadataWork item = free.Pop();
                item.IsFree = false;
                item.Node = placed[i];
                items[i] = item;
            }
            return items;
        }
    }

    /// <summary>Called under the gate: one more helper on <paramref name="node"/>, counted against its cap.</summary>
    private void Place(int node, List<int> placed)
    {
        placed.Add(node);
        if (TracksCaps)
        {
            running[node]++;
            runningTotal++;
        }
    }

    /// <summary>Called under the gate: the first node after <paramref name="lastUsed"/> with room under its cap, or -1.</summary>
    private int NextNodeWithRoom(int lastUsed)
    {
        for (int step = 1; step <= running.Length; step++)
        {
            int node = (lastUsed + step) % running.Length;
            if (HasRoom(node))
                return node;
        }
        return -1;
    }

    /// <summary>Called under the gate.</summary>
    private bool HasRoom(int node) => !TracksCaps || running[node] < limits.CapOf(node);

    /// <summary>
    /// A helper of <paramref name="node"/> has finished (or will never run): its place under the
    /// caps is free for another job. Only when <see cref="TracksCaps"/>.
    /// </summary>
    public void ReleaseCap(int node)
    {
        lock (gate)
        {
            if (running[node] == 0)
                throw new InvalidOperationException($"No helper of node {node} is counted against its cap (released twice).");
            running[node]--;
            runningTotal--;
        }
    }

    /// <summary>
    /// Puts taken items back. All-or-nothing: an item of another pool, one already free, or one
    /// listed twice is rejected before any item is returned, so a misuse cannot corrupt the pool.
    /// <paramref name="cancelledHelpers"/>: how many of these items' helpers their caller cancelled
    /// (renice-or-cancel), added to <see cref="CancelledHelpers"/> under the lock the return takes anyway.
    /// </summary>
    public void Return(IReadOnlyList<PadataWork> items, int cancelledHelpers = 0)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (cancelledHelpers < 0 || cancelledHelpers > items.Count)
            throw new ArgumentOutOfRangeException(nameof(cancelledHelpers), cancelledHelpers, $"cancelledHelpers must be 0 to the {items.Count} item(s) returned.");
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
            this.cancelledHelpers += cancelledHelpers;
        }
    }
}
