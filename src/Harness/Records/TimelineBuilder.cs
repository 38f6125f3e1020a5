namespace Padata.Harness.Records;

/// <summary>
/// Builds the <see cref="Timeline"/> of one replayed schedule from its event log and, where they
/// were watched (<see cref="ScheduleObserver"/>), Coyote's scheduling decisions.
/// <para>
/// Time is counted in decisions: step <c>s</c> is the stretch after the <c>s</c>-th decision, in
/// which exactly one thread runs. A decision is drawn on the lane of the thread that stopped at it,
/// at the start of the step it opens; a logged event in the step in which it was appended. The
/// thread of a decision is an operation of Coyote's; it is given the lane of the events that
/// operation logged (every event logged between two decisions ran on the operation that stopped at
/// the second), or <c>thread op#N</c> when it logged none.
/// </para>
/// </summary>
internal static class TimelineBuilder
{
    public static Timeline Build(Scenario scenario, string engineVariant, ExecutionLog? log, IReadOnlyList<ScheduleObserver.Decision>? decisions, string? failure)
    {
        IReadOnlyList<ExecutionEvent> events = log?.Events ?? [];
        if (decisions is null)
            return new Timeline(scenario.Name, scenario.Shape, engineVariant, Lanes(events.Select(e => e.Worker)),
                                [.. events.Select(e => FromLog(e, e.Step))], events.Count, false, failure,
                                failure is null || events.Count == 0 ? null : events[^1].Worker);

        // The log's length at each decision (0 for decisions made before this schedule's log existed).
        int[] counts = [.. decisions.Select(d => ReferenceEquals(d.Log, log) ? d.LogCount : 0)];
        var laneOf = new Dictionary<ulong, string>();
        for (int k = 0; k < decisions.Count; k++)
        {
            int from = k == 0 ? 0 : counts[k - 1];
            if (counts[k] > from && !laneOf.ContainsKey(decisions[k].Current))
                laneOf[decisions[k].Current] = events[from].Worker;
        }
        string Lane(ulong op) => laneOf.TryGetValue(op, out string? name) ? name : $"thread op#{op}";

        var timeline = new List<TimelineEvent>(events.Count + decisions.Count);
        int next = 0;
        for (int step = 0; step <= decisions.Count; step++)
        {
            if (step > 0)
            {
                ScheduleObserver.Decision d = decisions[step - 1];
                // Who ran after the last decision shows in what it logged, or in there being no one else.
                string? chosen = step < decisions.Count ? Lane(decisions[step].Current)
                    : counts[^1] < events.Count ? events[counts[^1]].Worker
                    : d.Enabled.Length == 1 ? Lane(d.Enabled[0]) : null;
                timeline.Add(new TimelineEvent(step, Lane(d.Current), TimelineEvent.PointPrefix + d.Point, "", "",
                    $"stops at a scheduling point: {d.Point}{Meaning(d.Point)}; {d.Enabled.Length} thread(s) enabled" +
                    (chosen is null ? "" : $"; {chosen} runs next")));
            }
            int until = step < decisions.Count ? counts[step] : events.Count;
            for (; next < until; next++)
                timeline.Add(FromLog(events[next], step));
        }

        // The thread running when the schedule stopped: the one that logged after the last decision,
        // or the only one the last decision could choose.
        string? failureLane = null;
        if (failure is not null)
        {
            if (decisions.Count == 0 || counts[^1] < events.Count)
                failureLane = events.Count > 0 ? events[^1].Worker : null;
            else if (decisions[^1].Enabled.Length == 1)
                failureLane = Lane(decisions[^1].Enabled[0]);
        }
        return new Timeline(scenario.Name, scenario.Shape, engineVariant, Lanes(timeline.Select(e => e.Lane)), timeline,
                            decisions.Count + 1, true, failure, failureLane);
    }

    private static TimelineEvent FromLog(ExecutionEvent e, int step) =>
        new(step, e.Worker, e.Kind.ToString(), e.Job,
            e.Kind is EventKind.ChunkStarted or EventKind.ChunkReturned or EventKind.ChunkThrew ? e.Chunk.ToString() : "", e.What);

    /// <summary>Callers and other named threads first, in the order they appear; workqueue threads by number; threads that logged nothing last.</summary>
    private static IReadOnlyList<string> Lanes(IEnumerable<string> names)
    {
        List<string> all = [.. names.Distinct()];
        return [.. all.OrderBy(n => n.StartsWith("thread op#", StringComparison.Ordinal) ? 2 : n.StartsWith(ExecutionLog.WorkqueueThreadPrefix, StringComparison.Ordinal) ? 1 : 0)
                      .ThenBy(n => n.StartsWith(ExecutionLog.WorkqueueThreadPrefix, StringComparison.Ordinal) ? n.Length : 0)
                      .ThenBy(all.IndexOf)];
    }

    private static string Meaning(string point) => point switch
    {
        "Acquire" => " (about to acquire a lock or a semaphore)",
        "Pause" => " (blocked: waits for a semaphore, a lock or a thread to end)",
        "Create" => " (has just created a thread)",
        "Start" => " (a new thread, before its first instruction)",
        "Interleave" => " (an interleaving point the rewriter or the harness put there)",
        "Yield" => " (yields)",
        "Complete" => " (its thread function has returned)",
        "Default" => " (a point of no particular kind)",
        _ => "",
    };
}
