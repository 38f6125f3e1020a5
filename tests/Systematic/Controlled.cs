namespace Padata.Systematic;

/// <summary>The production engine's rewritten build, as the build step left it beside the tests.</summary>
public static class Controlled
{
    private static readonly Lazy<ControlledHarness> Production =
        new(() => ControlledHarness.Load(Path.Combine(AppContext.BaseDirectory, "controlled"), ControlledHarness.ProductionBuild));

    public static ControlledHarness Harness => Production.Value;

    /// <summary>The repository root (the folder holding Verify.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Where failing schedules go: artifacts/schedules/ under the repository.</summary>
    public static string ScheduleDirectory => Path.Combine(RepositoryRoot, "artifacts", "schedules");

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<(IReadOnlyList<ExplorationResult>, string)>> DefaultChecks = new();

    /// <summary>
    /// The default check of one catalog entry and its progress text, run once per test process:
    /// tests that need the same exploration (the catalog test and the conformance test of a
    /// two-helper class, minutes each) share it.
    /// </summary>
    public static (IReadOnlyList<ExplorationResult> Results, string Progress) DefaultCheck(string scenario) =>
        DefaultChecks.GetOrAdd(scenario, name => new(() =>
        {
            var progress = new StringWriter();
            // By its exact name: a name can be the prefix of other entries' (lifetime/dispose-during-job-1-helper...).
            IReadOnlyList<ExplorationResult> results = Harness.Check(Request(name) with { ExactNames = true }, progress);
            return (results, progress.ToString());
        })).Value;

    /// <summary>
    /// Explores <paramref name="request"/> (one exploration), which must pass and be exhausted;
    /// its progress goes to the test's output, and <paramref name="what"/> names it in a failure.
    /// </summary>
    public static ExplorationResult Exhaust(CheckRequest request, Xunit.Abstractions.ITestOutputHelper output, string what)
    {
        var progress = new StringWriter();
        IReadOnlyList<ExplorationResult> results = Harness.Check(request, progress);
        output.WriteLine(progress.ToString());
        ExplorationResult result = Assert.Single(results);
        Assert.True(result.Passed, $"{what}: {Report.Verdict(result.Verdict)} after {Report.Coverage(result)}: {result.Failure}");
        Assert.True(result.Exhausted, $"{what} was not exhausted: {Report.Coverage(result)}");
        return result;
    }

    public static CheckRequest Request(params string[] filters) =>
        new(filters, Strategy: null, Schedules: null, Seed: null, ScheduleDirectory, ControlledHarness.ProductionBuild, Harness.Directory);

    /// <summary>A known-bad variant built and rewritten, and the default check of its scenarios on that build.</summary>
    public static (ControlledHarness Harness, CheckRequest Request) ForVariant(KnownBadVariant variant)
    {
        ControlledHarness harness = ControlledHarness.Load(VariantBuilder.Build(variant), variant.Name);
        return (harness, Request(variant.CaughtBy) with { EngineVariant = variant.Name, EngineDirectory = harness.Directory });
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Verify.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"No Verify.sln above {AppContext.BaseDirectory}.");
    }
}
