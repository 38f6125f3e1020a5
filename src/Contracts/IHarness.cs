namespace Padata.Harness.Contracts;

/// <summary>
/// What a host asks of the harness it loaded from a directory of rewritten assemblies
/// (<see cref="ControlledHarness"/>). Everything passed either way is a type of this assembly or the
/// BCL's, which both sides share.
/// </summary>
public interface IHarness
{
    /// <summary>The built-in scenarios and how a check explores them.</summary>
    IReadOnlyList<ScenarioInfo> List();

    /// <summary>
    /// Explores the selected scenarios, reporting each exploration to <paramref name="progress"/> as
    /// it starts, while it runs and when it ends. When <paramref name="cancellation"/> fires, the
    /// exploration running stops after its current schedule (its result marked
    /// <see cref="ExplorationResult.Interrupted"/>) and no further one starts.
    /// </summary>
    /// <exception cref="ArgumentException">A filter matches no scenario.</exception>
    IReadOnlyList<ExplorationResult> Check(CheckRequest request, ICheckProgress progress, CancellationToken cancellation);

    /// <summary>
    /// Knuth's estimate of the schedules of the one DFS that <paramref name="request"/>'s check runs on
    /// the entry <paramref name="scenario"/>; null if it runs anything else (<see cref="SplitDfs"/>'s condition).
    /// </summary>
    ScheduleEstimate? EstimateDfs(CheckRequest request, string scenario, CancellationToken cancellation) => null;

    /// <summary>
    /// The prefixes (choices at the first <paramref name="depth"/> branching decisions) that split the
    /// one DFS of the entry <paramref name="scenario"/> into parts whose schedules are exactly the whole
    /// DFS's, in its order (<see cref="CheckRequest.Prefix"/> runs a part); null if the check runs
    /// anything but one DFS without memory accesses on it, a schedule failed while cutting, or there
    /// would be more than <paramref name="maxParts"/> parts.
    /// </summary>
    IReadOnlyList<int[]>? SplitDfs(CheckRequest request, string scenario, int depth, int maxParts, CancellationToken cancellation) => null;

    /// <summary>Runs exactly the schedule in <paramref name="scheduleFile"/> once.</summary>
    ReplayOutcome Replay(string scheduleFile);

    /// <summary>Whether each of <paramref name="assemblies"/>, as the harness's load context resolves it, is rewritten.</summary>
    IReadOnlyList<RewriteStatus> RewriteStatus(IReadOnlyList<string> assemblies);
}
