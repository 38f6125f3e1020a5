namespace Padata;

/// <summary>
/// One work item of a <see cref="WorkPool"/>, the kernel's <c>struct padata_work</c>: while a job
/// holds it, it is bound to that job and queued as one helper.
/// </summary>
internal sealed class PadataWork : IWorkItem
{
    private JobState? job;

    internal PadataWork(WorkPool pool, int id)
    {
        Pool = pool;
        Id = id;
    }

    /// <summary>The pool this item belongs to; it can only be returned there.</summary>
    public WorkPool Pool { get; }

    /// <summary>Index of the item in its pool, for diagnostics.</summary>
    public int Id { get; }

    /// <summary>Whether the item is in its pool's free list (guarded by the pool lock).</summary>
    internal bool IsFree { get; set; } = true;

    /// <summary>The node whose workqueue runs this item's helper; set at each grant, under the pool lock.</summary>
    internal int Node { get; set; }

    internal void Bind(JobState state) => job = state;

    internal void Unbind() => job = null;

    void IWorkItem.Execute()
    {
        // Read the binding once: once the helper loop returns, the job's caller may already have
        // returned this item to the pool and another job may have rebound it, so this helper must
        // not look at the item (or the job) again.
        JobState state = job ?? throw new InvalidOperationException($"padata work item {Id} was queued without a job.");
        int node = Node;
        WorkPool pool = Pool;
        PadataEngine.CurrentHelperNodeId = node;
        state.RunHelper();
        PadataEngine.CurrentHelperNodeId = -1;
        // Only now, with its share done, is the helper finished: released before, the cap would
        // let another job's helper start while this one still runs, and the cap be exceeded.
        if (pool.TracksCaps)
            pool.ReleaseCap(node);
    }

    public override string ToString() => $"padata_work#{Id}";
}
