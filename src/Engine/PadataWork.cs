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

    internal void Bind(JobState state) => job = state;

    internal void Unbind() => job = null;

    void IWorkItem.Execute()
    {
        // Read the binding once: once the helper loop returns, the job's caller may already have
        // returned this item to the pool and another job may have rebound it, so this helper must
        // not look at the item (or the job) again.
        JobState state = job ?? throw new InvalidOperationException($"padata work item {Id} was queued without a job.");
        state.RunHelper();
    }

    public override string ToString() => $"padata_work#{Id}";
}
