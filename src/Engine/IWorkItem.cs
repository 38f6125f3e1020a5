namespace Padata;

/// <summary>Work a <see cref="Workqueue"/> worker thread runs, the kernel's <c>work_struct</c>.</summary>
internal interface IWorkItem
{
    /// <summary>
    /// Runs the work; false if its owner cancelled it before it started (then it did nothing). It
    /// must not throw: a workqueue has nobody to report to.
    /// </summary>
    bool Execute();
}
