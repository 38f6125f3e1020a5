namespace Padata.Harness.Contracts;

/// <summary>
/// What one schedule did, thread by thread, as data for a picture (<see cref="TimelinePage"/>): built
/// by the harness from its event log and, where it could watch them, Coyote's scheduling decisions;
/// drawn by the host.
/// </summary>
/// <param name="Lanes">The threads, in the order they first appear: each job's caller, each workqueue thread (<c>kworker#N</c>), each other thread the scenario names.</param>
/// <param name="Events">Every event of the schedule, in order.</param>
/// <param name="Steps">
/// The length of the time axis. With <paramref name="SchedulingSteps"/>, the scheduling decisions
/// Coyote made; otherwise the number of logged events (time is then the order of the log).
/// </param>
/// <param name="SchedulingSteps">Whether <see cref="TimelineEvent.Step"/> counts Coyote's scheduling decisions (true) or the harness's logged events (false).</param>
/// <param name="Failure">The violated property's message (null: the schedule passed).</param>
/// <param name="FailureLane">The thread running when the failure was raised, where known.</param>
public sealed record Timeline(
    string Scenario,
    string Shape,
    string EngineVariant,
    IReadOnlyList<string> Lanes,
    IReadOnlyList<TimelineEvent> Events,
    int Steps,
    bool SchedulingSteps,
    string? Failure,
    string? FailureLane);

/// <summary>One event on one thread.</summary>
/// <param name="Step">When, on the timeline's axis (<see cref="Timeline.SchedulingSteps"/> says in which unit).</param>
/// <param name="Lane">The thread it happened on (one of <see cref="Timeline.Lanes"/>).</param>
/// <param name="Kind">
/// What happened: a name of the harness's event log (<c>CallerEntered</c>, <c>ChunkStarted</c>,
/// <c>ChunkReturned</c>, <c>ChunkThrew</c>, <c>CallerReturned</c>, <c>CallerThrew</c>, and whatever
/// kinds it gains) or, for a scheduling decision, <c>point:</c> and the kind of Coyote scheduling
/// point the thread stopped at (<c>point:Acquire</c>, <c>point:Pause</c>, ...).
/// </param>
/// <param name="Job">The job it belongs to (empty for a scheduling point).</param>
/// <param name="Chunk">For chunk events, the chunk's range <c>[start, end)</c>; otherwise empty.</param>
/// <param name="Text">One line saying what happened, shown when the mark is hovered.</param>
public sealed record TimelineEvent(int Step, string Lane, string Kind, string Job, string Chunk, string Text)
{
    /// <summary>The prefix of <see cref="Kind"/> for a scheduling decision seen from Coyote's scheduler.</summary>
    public const string PointPrefix = "point:";

    public bool IsSchedulingPoint => Kind.StartsWith(PointPrefix, StringComparison.Ordinal);
}
