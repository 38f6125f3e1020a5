namespace Padata.Harness.Contracts;

/// <summary>What a conformance check of one shape runs.</summary>
/// <param name="Runs">Native runs of the shape (at least 1).</param>
/// <param name="FullSchedules">
/// Schedules DFS without the thread-start reduction may explore (0: not run). Below the shape's
/// count it stops early and its outcomes only classify, never clear, a native outcome.
/// </param>
/// <param name="ScheduleDirectory">Where an exploration's failing schedule is written.</param>
/// <param name="RunBound">How long one native run may take before it counts as hung.</param>
/// <param name="ReducedSchedules">
/// Schedules for DFS with the reduction (null: the catalog's exploration, which exhausts the shape).
/// A smaller budget explores a partial set: the self-test that shows the check able to fail.
/// </param>
public sealed record ConformanceRequest(int Runs, uint FullSchedules, string ScheduleDirectory, TimeSpan RunBound, uint? ReducedSchedules = null)
{
    /// <summary>Far above a native run's time (well under a millisecond here), so only a hung run reaches it.</summary>
    public static readonly TimeSpan DefaultRunBound = TimeSpan.FromSeconds(10);
}
