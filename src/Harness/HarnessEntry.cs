using System.Reflection;
using Microsoft.Coyote.Rewriting;

namespace Padata.Harness;

/// <summary>
/// The harness as <see cref="ControlledHarness"/> calls it inside a load context of rewritten
/// assemblies: the catalog, the check, replay, and the rewriting self-check, behind
/// <see cref="IHarness"/>. The only public type of the harness.
/// </summary>
public sealed class HarnessEntry : IHarness
{
    public IReadOnlyList<ScenarioInfo> List() =>
        [.. ScenarioCatalog.All.Select(e => new ScenarioInfo(e.Name, e.Scenario.Shape, e.Coverage, e.Explorations, e.Covers))];

    public IReadOnlyList<ExplorationResult> Check(CheckRequest request, ICheckProgress progress, CancellationToken cancellation) =>
        CheckRun.Run(request, progress, cancellation);

    public ScheduleEstimate? EstimateDfs(CheckRequest request, string scenario, CancellationToken cancellation) =>
        CheckRun.SplittableDfs(request, scenario) is var (entry, dfs) ? KnuthEstimator.Estimate(entry.Scenario, dfs, cancellation) : null;

    public IReadOnlyList<int[]>? SplitDfs(CheckRequest request, string scenario, int depth, int maxParts, CancellationToken cancellation) =>
        CheckRun.SplittableDfs(request, scenario) is var (entry, dfs) ? SchedulePrefixes.Cut(entry.Scenario, dfs, depth, maxParts, cancellation) : null;

    public ReplayOutcome Replay(string scheduleFile)
    {
        ScheduleFile file = ScheduleFile.Load(scheduleFile);
        CatalogEntry entry = ScenarioCatalog.Find(file.Scenario);
        var explorer = new Explorer(file.EngineVariant, file.EngineDirectory, Path.GetDirectoryName(Path.GetFullPath(scheduleFile))!, file.Fingerprint, file.ToolVersion);
        var (failure, account, timeline) = explorer.Replay(entry.Scenario, file);
        return new ReplayOutcome(file.Scenario, file.Shape, file.EngineVariant, failure, file.Failure, account) { Timeline = timeline };
    }

    /// <summary>Resolved from this assembly, so through the load context it was loaded in.</summary>
    public IReadOnlyList<RewriteStatus> RewriteStatus(IReadOnlyList<string> assemblies) =>
    [
        .. assemblies.Select(name => Assembly.Load(new AssemblyName(name)))
                     .Select(a => new RewriteStatus(a.GetName().Name!, a.Location, RewritingEngine.IsAssemblyRewritten(a))),
    ];
}
