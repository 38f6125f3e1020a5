namespace Padata.Harness;

/// <summary>What a check runs. Crosses the load-context boundary as JSON.</summary>
/// <param name="Filters">Scenario names or name prefixes; empty for all.</param>
/// <param name="Strategy">Run only this strategy on every selected entry (null: the catalog's).</param>
/// <param name="Schedules">With <paramref name="Strategy"/>: schedules per entry.</param>
/// <param name="Seed">With <paramref name="Strategy"/>: the seed.</param>
/// <param name="ScheduleDirectory">Where failing schedules are written.</param>
/// <param name="EngineVariant">Name of the engine build under test ("production" or a known-bad variant).</param>
/// <param name="EngineDirectory">The directory of its rewritten assemblies.</param>
/// <param name="Reduction">
/// The reduction every DFS exploration runs with instead of its own (null: keep the catalog's,
/// <see cref="Harness.Reduction.ThreadStarts"/>); explorations other than DFS without memory
/// accesses never have one.
/// </param>
public sealed record CheckRequest(
    IReadOnlyList<string> Filters,
    Strategy? Strategy,
    uint? Schedules,
    uint? Seed,
    string ScheduleDirectory,
    string EngineVariant,
    string EngineDirectory,
    Reduction? Reduction = null);

/// <summary>One catalog entry as <c>list</c> shows it.</summary>
public sealed record ScenarioInfo(string Name, string Shape, string Coverage, string Explorations, string Covers);

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

/// <summary>Whether each assembly a controlled run loads really is Coyote-rewritten, and from where.</summary>
public sealed record RewriteStatus(string Assembly, string Location, bool Rewritten);
