namespace Padata.Harness.Contracts;

/// <summary>What a check runs.</summary>
/// <param name="Filters">Scenario names or name prefixes; empty for all.</param>
/// <param name="Strategy">Run only this strategy on every selected entry (null: the catalog's).</param>
/// <param name="Schedules">With <paramref name="Strategy"/>: schedules per entry.</param>
/// <param name="Seed">With <paramref name="Strategy"/>: the seed.</param>
/// <param name="ScheduleDirectory">Where failing schedules are written.</param>
/// <param name="EngineVariant">
/// Name of the engine build under test (<see cref="ControlledHarness.ProductionBuild"/> or a known-bad variant).
/// </param>
/// <param name="EngineDirectory">The directory of its rewritten assemblies.</param>
/// <param name="Reduction">
/// The reduction every DFS exploration runs with instead of its own (null: keep the catalog's,
/// <see cref="Contracts.Reduction.ThreadStarts"/>); explorations other than DFS without memory
/// accesses never have one.
/// </param>
/// <param name="Fingerprint">
/// The explored build's <see cref="BuildFingerprint"/>, recorded in every schedule file (set by
/// <see cref="ControlledHarness.Check(CheckRequest, ICheckProgress, CancellationToken)"/>).
/// </param>
/// <param name="ToolVersion">The version of the tool running the check, recorded in every schedule file.</param>
/// <param name="KeepSchedule">
/// Stop every exploration at this schedule (1-based, as counted) and save it though it passed, so a
/// person can look at a normal run (<c>check --save-schedule</c>; null: keep none).
/// </param>
public sealed record CheckRequest(
    IReadOnlyList<string> Filters,
    Strategy? Strategy,
    uint? Schedules,
    uint? Seed,
    string ScheduleDirectory,
    string EngineVariant,
    string EngineDirectory,
    Reduction? Reduction = null,
    string Fingerprint = "",
    string ToolVersion = "",
    int? KeepSchedule = null)
{
    /// <summary>
    /// <see cref="Filters"/> are whole scenario names, not prefixes ("regression/min-chunk-0" then
    /// selects that entry alone, not also "regression/min-chunk-0-align-2"): how a parallel check
    /// hands one catalog entry to a worker.
    /// </summary>
    public bool ExactNames { get; init; }

    /// <summary>
    /// Before each DFS, estimate its schedule count for the progress lines with a few random probe
    /// schedules (<see cref="ScheduleEstimate"/>). The probes are schedules of their own, run before
    /// the DFS starts: they change nothing the DFS explores or counts.
    /// </summary>
    public bool EstimateTotals { get; init; } = true;

    /// <summary>
    /// Explore one part of the entry's DFS: the subtree below these choices at its first branching
    /// decisions (<see cref="IHarness.SplitDfs"/>); null: the whole. With one whole-name filter only.
    /// </summary>
    public int[]? Prefix { get; init; }
}
