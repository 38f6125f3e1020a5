namespace Padata;

/// <summary>
/// One thread of a <see cref="Workqueue"/>, as the workqueue's gate guards it: which item it is
/// running and whether that item's caller raised it (renice-or-cancel, docs/design.md §7.2).
/// Invariant under the gate: <see cref="Raised"/> only while <see cref="Running"/> is the item
/// whose caller raised it; the thread sets itself back to the lowest priority before it takes
/// another item or sleeps.
/// </summary>
internal sealed class WorkqueueThread
{
    /// <summary>The thread; set before it starts.</summary>
    public Thread Thread { get; set; } = null!;

    /// <summary>Its OS id (see <see cref="HelperPriority.CurrentThreadId"/>), written by the thread itself before it first takes the gate.</summary>
    public int OsId { get; set; }

    /// <summary>The item it took and has not yet finished, or null.</summary>
    public IWorkItem? Running { get; set; }

    /// <summary>Whether it runs above the lowest priority, raised by the caller of <see cref="Running"/>.</summary>
    public bool Raised { get; set; }
}
