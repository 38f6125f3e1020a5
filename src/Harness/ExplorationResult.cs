namespace Padata.Harness;

/// <summary>The outcome of exploring one scenario with one strategy.</summary>
/// <param name="Schedules">Schedules run to the end (or to the failure).</param>
/// <param name="Exhausted">True only for DFS that ran out of schedules to explore: every schedule of the scenario was run.</param>
/// <param name="Failure">The first failure's message, or null when every explored schedule passed.</param>
/// <param name="ScheduleFile">Where the failing schedule was saved, or null.</param>
/// <param name="ReplayCommand">The command that replays the failing schedule, or null.</param>
public sealed record ExplorationResult(
    string Scenario,
    string Shape,
    string Strategy,
    int Schedules,
    bool Exhausted,
    TimeSpan Elapsed,
    string? Failure,
    string? ScheduleFile,
    string? ReplayCommand,
    bool MustExhaust = false)
{
    /// <summary>
    /// The distinct outcomes of the schedules run (<see cref="ExecutionLog.Outcome"/>: which worker
    /// ran which chunk of each job, and how its caller came back).
    /// </summary>
    public IReadOnlyList<string> Outcomes { get; init; } = [];

    /// <summary>pass, FAIL (a schedule broke a property), or INCOMPLETE (exhaustion was required but the budget ran out first).</summary>
    public string Verdict => Failure is not null ? "FAIL" : MustExhaust && !Exhausted ? "INCOMPLETE" : "pass";

    public bool Passed => Verdict == "pass";

    /// <summary>"exhausted N schedules" or "sampled N schedules (strategy)", as the report prints it.</summary>
    public string Coverage => Exhausted ? $"exhausted {Schedules} schedules" : $"sampled {Schedules} schedules ({Strategy})";

    public double SchedulesPerSecond => Schedules / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
