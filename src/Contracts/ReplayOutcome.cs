namespace Padata.Harness.Contracts;

/// <summary>What replaying a schedule file did.</summary>
/// <param name="Failure">The failure the schedule produced now (null if it passed).</param>
/// <param name="RecordedFailure">The failure recorded when the schedule was found.</param>
/// <param name="Account">Readable account of the schedule: who took which chunk when, who finished last, who woke the caller.</param>
public sealed record ReplayOutcome(string Scenario, string Shape, string EngineVariant, string? Failure, string RecordedFailure, string Account)
{
    /// <summary>The replay failed with the recorded failure's first line.</summary>
    public bool Reproduced => Failure is not null && FirstLine(Failure) == FirstLine(RecordedFailure);

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
