namespace Padata.Harness.Contracts;

/// <summary>One exploration's result as a report holds it.</summary>
/// <param name="Unit">The place in the plan of the unit it belongs to.</param>
/// <param name="Exploration">Strategy, seed, schedule budget, step bound, memory accesses, reduction.</param>
/// <param name="Description">The exploration as the table shows it (e.g. "pct/3 seed 1 (2000 schedules)").</param>
/// <param name="Schedules">Schedules run to the end (or to the failure).</param>
/// <param name="Coverage">"exhausted" (DFS ran out of schedules: every one was explored), "sampled" or "interrupted".</param>
/// <param name="MustExhaust">The check required this exploration to be exhaustive.</param>
/// <param name="Outcomes">The distinct outcomes of its schedules.</param>
/// <param name="Result">"pass", "fail" or "incomplete".</param>
/// <param name="Seconds">Its wall time.</param>
/// <param name="Failure">The failure with its schedule file and replay command, or null.</param>
/// <param name="ScheduleFile">The failing schedule's file (as written, on the machine that ran it), or null.</param>
/// <param name="ReplayCommand">The command that replays it, or null.</param>
public sealed record ReportedExploration(
    long Unit,
    string Scenario,
    string Shape,
    ExplorationBudget Exploration,
    string Description,
    int Schedules,
    string Coverage,
    bool MustExhaust,
    IReadOnlyList<string> Outcomes,
    string Result,
    double Seconds,
    string? Failure,
    string? ScheduleFile,
    string? ReplayCommand)
{
    public static ReportedExploration From(long unit, ExplorationResult r) =>
        new(unit, r.Scenario, r.Shape, r.Exploration, r.Exploration.ToString(), r.Schedules,
            r.Exhausted ? "exhausted" : r.Interrupted ? "interrupted" : "sampled", r.MustExhaust, r.Outcomes,
            r.Verdict.ToString().ToLowerInvariant(), r.Elapsed.TotalSeconds, r.Failure, r.ScheduleFile, r.ReplayCommand);

    /// <summary>The result as a check returned it (inverse of <see cref="From"/>).</summary>
    public ExplorationResult ToResult() =>
        new ExplorationResult(Scenario, Shape, Exploration, Schedules, Coverage == "exhausted", TimeSpan.FromSeconds(Seconds),
                              Failure, ScheduleFile, ReplayCommand, MustExhaust)
            { Outcomes = Outcomes, Interrupted = Coverage == "interrupted" };
}
