namespace Padata;

/// <summary>
/// One work item of a <see cref="WorkPool"/>, the kernel's <c>struct padata_work</c>: while a job
/// holds it, it is bound to that job and queued as one helper.
/// </summary>
internal sealed class PadataWork : IWorkItem
{
    private HelperRun? run;

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

    /// <summary>Binds the item to helper <paramref name="index"/> of <paramref name="state"/>; what is queued is <see cref="Run"/>.</summary>
    internal void Bind(JobState state, int index) => run = new HelperRun(state, index, Node, Pool);

    internal void Unbind() => run = null;

    /// <summary>The helper this item is bound to, as the workqueue runs it.</summary>
    internal HelperRun Run => run ?? throw new InvalidOperationException($"padata work item {Id} is bound to no job.");

    bool IWorkItem.Execute() => Run.Execute();

    public override string ToString() => $"padata_work#{Id}";
}
