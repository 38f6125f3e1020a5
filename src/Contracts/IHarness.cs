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

    /// <summary>Runs exactly the schedule in <paramref name="scheduleFile"/> once.</summary>
    ReplayOutcome Replay(string scheduleFile);

    /// <summary>Whether each of <paramref name="assemblies"/>, as the harness's load context resolves it, is rewritten.</summary>
    IReadOnlyList<RewriteStatus> RewriteStatus(IReadOnlyList<string> assemblies);
}
