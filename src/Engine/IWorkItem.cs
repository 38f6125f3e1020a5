namespace Padata;

/// <summary>Work a <see cref="Workqueue"/> worker thread runs, the kernel's <c>work_struct</c>.</summary>
internal interface IWorkItem
{
    /// <summary>Runs the work. It must not throw: a workqueue has nobody to report to.</summary>
    void Execute();
}
