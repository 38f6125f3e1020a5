namespace Padata;

/// <summary>
/// One helper of one job as it is queued (renice-or-cancel, docs/design.md §7.2): the job, the
/// helper's index in it and its node, fixed when the job binds its work item. The workqueue holds
/// this, not the work item, so a helper its caller cancelled may still be taken from the queue
/// (or run by the thread it was handed to) after the item went back to the pool and another job
/// bound it: it then finds itself cancelled in its own job and does nothing.
/// </summary>
internal sealed class HelperRun(JobState state, int index, int node, WorkPool pool) : IWorkItem
{
    public int Node => node;

    public bool Execute()
    {
        PadataEngine.CurrentHelperNodeId = node;
        bool ran = state.RunHelper(index);
        PadataEngine.CurrentHelperNodeId = -1;
        // Only now, with its share done, is the helper finished: released before, the cap would
        // let another job's helper start while this one still runs, and the cap be exceeded.
        // A cancelled helper's place was given back by its caller.
        if (ran && pool.TracksCaps)
            pool.ReleaseCap(node);
        return ran;
    }
}
