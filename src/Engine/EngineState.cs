namespace Padata;

/// <summary>
/// What an engine is doing right now, for diagnostics (a test that gives up waiting on a job
/// names it in its failure). Each part is read under the lock that guards it, the pool's and the
/// workqueue's one after the other, so the parts are each consistent but not one instant.
/// </summary>
/// <param name="PoolCapacity">Work items the engine owns.</param>
/// <param name="PoolAvailable">Work items in the free list; the others are bound to jobs as helpers (queued, running, or finished and not yet given back by their caller).</param>
/// <param name="QueuedHelpers">Helpers waiting in the workqueue for a worker thread.</param>
/// <param name="WorkerThreads">Workqueue threads started so far (at most <see cref="PoolCapacity"/>).</param>
/// <param name="IdleWorkerThreads">Workqueue threads asleep waiting for work; the others are running a helper or about to look for one.</param>
/// <param name="Disposed">Whether the engine refuses new jobs.</param>
public sealed record EngineState(int PoolCapacity, int PoolAvailable, int QueuedHelpers, int WorkerThreads, int IdleWorkerThreads, bool Disposed)
{
    /// <summary>Workqueue threads raised above the lowest priority by a waiting caller (renice-or-cancel); 0 whenever no caller waits.</summary>
    public int RaisedWorkerThreads { get; init; }

    /// <summary>
    /// Helpers a workqueue thread took and ran (each runs its job's loop once) since the engine was
    /// created, counted by the workqueues; one being taken counts until it finds itself cancelled.
    /// </summary>
    public int HelpersRun { get; init; }

    /// <summary>
    /// Helpers their caller cancelled while still queued and counted out of its job, since the engine
    /// was created, as the callers say when they return their work items to the pool (not counted by
    /// the workqueues): so once every job has returned and the workqueues are idle,
    /// <see cref="HelpersRun"/> + <see cref="HelpersCancelled"/> is every helper queued only if no
    /// helper was both run and cancelled.
    /// </summary>
    public int HelpersCancelled { get; init; }

    /// <summary>
    /// Helpers a workqueue thread took and found cancelled by their caller (they did nothing), since
    /// the engine was created, counted by the workqueues: equal to <see cref="HelpersCancelled"/> once
    /// every job has returned and the workqueues are idle (every cancelled helper was queued, and the
    /// workqueue drains it).
    /// </summary>
    public int HelpersFoundCancelled { get; init; }

    /// <summary>Work items out of the pool, each one a helper of a job that has not returned yet.</summary>
    public int HelpersOut => PoolCapacity - PoolAvailable;

    /// <summary>Workqueue threads not idle: running a helper or between two.</summary>
    public int BusyWorkerThreads => WorkerThreads - IdleWorkerThreads;

    public override string ToString() =>
        $"pool {PoolAvailable}/{PoolCapacity} available ({HelpersOut} helper(s) out: queued, running or not yet returned); " +
        $"workqueue: {QueuedHelpers} queued, {WorkerThreads} thread(s) started, {IdleWorkerThreads} idle, {BusyWorkerThreads} busy, {RaisedWorkerThreads} raised; " +
        $"helpers so far: {HelpersRun} run, {HelpersCancelled} cancelled ({HelpersFoundCancelled} found cancelled by the workqueue); " +
        (Disposed ? "disposed" : "not disposed");
}
