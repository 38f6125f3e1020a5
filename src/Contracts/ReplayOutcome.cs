namespace Padata.Harness.Contracts;

/// <summary>What replaying a schedule file did.</summary>
/// <param name="Failure">The failure the schedule produced now (null if it passed).</param>
/// <param name="RecordedFailure">
/// The failure recorded when the schedule was found, or, for a passing schedule kept by
/// <c>check --save-schedule</c>, <see cref="ScheduleFile.KeptPassing(int)"/>'s text.
/// </param>
/// <param name="Account">Readable account of the schedule: who took which chunk when, who finished last, who woke the caller.</param>
public sealed record ReplayOutcome(string Scenario, string Shape, string EngineVariant, string? Failure, string RecordedFailure, string Account)
{
    /// <summary>The schedule lane by lane, for <see cref="TimelinePage"/> (null if the harness recorded none).</summary>
    public Timeline? Timeline { get; init; }

    /// <summary>The schedule was kept passing (<c>check --save-schedule</c>), not found failing.</summary>
    public bool RecordedPassing => ScheduleFile.IsKeptPassing(RecordedFailure);

    /// <summary>
    /// The replay did what was recorded: failed with the recorded failure's first line, or, for a
    /// schedule kept passing, passed.
    /// </summary>
    public bool Reproduced => RecordedPassing
        ? Failure is null
        : Failure is not null && FirstLine(Failure) == FirstLine(RecordedFailure);

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
