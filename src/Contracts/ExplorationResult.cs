namespace Padata.Harness.Contracts;

/// <summary>The outcome of exploring one scenario with one strategy.</summary>
/// <param name="Exploration">The exploration that ran: strategy, seed, budget, reduction.</param>
/// <param name="Schedules">Schedules run to the end (or to the failure).</param>
/// <param name="Exhausted">True only for DFS that ran out of schedules to explore: every schedule of the scenario was run.</param>
/// <param name="Failure">The first failure's message, or null when every explored schedule passed.</param>
/// <param name="ScheduleFile">Where the failing schedule was saved, or null.</param>
/// <param name="ReplayCommand">The command that replays the failing schedule, or null.</param>
/// <param name="MustExhaust">The check required every schedule to be explored (an exhaustive entry under DFS).</param>
public sealed record ExplorationResult(
    string Scenario,
    string Shape,
    ExplorationBudget Exploration,
    int Schedules,
    bool Exhausted,
    TimeSpan Elapsed,
    string? Failure,
    string? ScheduleFile,
    string? ReplayCommand,
    bool MustExhaust = false)
{
    /// <summary>
    /// The distinct outcomes of the schedules run (which worker ran which chunk of each job, and how
    /// its caller came back).
    /// </summary>
    public IReadOnlyList<string> Outcomes { get; init; } = [];

    /// <summary>The passing schedule kept by <see cref="CheckRequest.KeepSchedule"/>, saved here (null: none kept).</summary>
    public string? KeptSchedule { get; init; }

    /// <summary>The estimate of a DFS's schedule count made before it started (null: none was made).</summary>
    public ScheduleEstimate? Estimate { get; init; }

    /// <summary>Stopped early by the caller (Ctrl-C, a timeout) before its budget or its schedules ran out.</summary>
    public bool Interrupted { get; init; }

    public Verdict Verdict => Failure is not null ? Verdict.Fail : Interrupted || (MustExhaust && !Exhausted) ? Verdict.Incomplete : Verdict.Pass;

    public bool Passed => Verdict == Verdict.Pass;

    public double SchedulesPerSecond => Schedules / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
