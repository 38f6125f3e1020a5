namespace Padata;

/// <summary>
/// One thread of a <see cref="Workqueue"/> and whether a waiting caller raised it
/// (renice-or-cancel, docs/design.md §7.2). <see cref="Raised"/> is written under the lock of the
/// job whose helper the thread is running: set by that job's caller, cleared by the helper when it
/// finishes, so the thread is back at the lowest priority before it takes another item.
/// </summary>
internal sealed class WorkqueueThread
{
    /// <summary>The thread; set before it starts.</summary>
    public Thread Thread { get; set; } = null!;

    /// <summary>Its OS id (see <see cref="HelperPriority.CurrentThreadId"/>), written by the thread itself before it runs any item.</summary>
    public int OsId { get; set; }

    /// <summary>Whether it runs above the lowest priority, raised by the caller of the helper it is running.</summary>
    public bool Raised { get; set; }
}
