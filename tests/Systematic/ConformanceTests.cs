using System.Collections.Concurrent;
using Padata.Harness.Conformance;
using Xunit.Abstractions;

namespace Padata.Systematic;

/// <summary>
/// Is the controlled world the real one? For exhaustive catalog shapes, every outcome the
/// unrewritten engine produces natively (thousands of runs, random delays in the chunk functions
/// and callers) must be one the exhaustive exploration found: with the thread-start reduction, and
/// without it where DFS can finish without it. The two-helper classes are checked against the
/// reduced set only: DFS without the reduction needs about 1.4 and 4.4 million schedules there
/// (hours). The newer kinds of scenario (undo, VFIO, an engine disposed under a job, nested jobs,
/// clearing a gigantic page, fallocate) join with their smallest exhaustive entries, both ways
/// where DFS without the reduction is cheap, against the reduced set alone where it is not. Every
/// exploration with the reduction is the catalog test's, shared. The check is shown able to fail:
/// explored sets made incomplete on purpose (an outcome removed, a DFS stopped after one schedule)
/// are reported lacking the native outcomes, by name.
/// </summary>
public class ConformanceTests(ITestOutputHelper output)
{
    private const int Runs = 3_000;

    /// <summary>More than every DFS without the reduction below needs (the largest, 3,921).</summary>
    private const uint FullSchedules = 100_000;

    private const string OneHelperOn4Units = "domain/requested2-helpers1-pool1-size4-chunk1-align1";

    /// <summary>Undo with a helper, the failure in the middle chunk: chunks undone, one not run.</summary>
    private const string UndoWithAHelper = "undo/1-helper-fails-at-chunk-1-of-3";

    private static readonly NativeHarness Native = new();

    /// <summary>Each shape's conformance check, run once per test process (the tests that show the check can fail reuse it).</summary>
    private static readonly ConcurrentDictionary<string, Lazy<(ConformanceResult Result, string Progress)>> Checks = new();

    private static ConformanceRequest Request(uint fullSchedules, uint? reducedSchedules = null) =>
        new(Runs, fullSchedules, Controlled.ScheduleDirectory, ConformanceRequest.DefaultRunBound, reducedSchedules);

    /// <summary>Every one-helper domain class and every exhaustive page-init shape.</summary>
    public static TheoryData<string> ShapesExploredBothWays() =>
        [.. Native.Scenarios(["domain/requested2-helpers1", "domain/requested3-helpers1", "page-init/"])];

    /// <summary>The domain classes with two helpers (three workers).</summary>
    public static TheoryData<string> TwoHelperClasses() => [.. Native.Scenarios(["domain/requested3-helpers2"])];

    /// <summary>
    /// The newer kinds' exhaustive entries whose DFS without the reduction is cheap (at most about
    /// 2,000 schedules): undo with a helper (the failure in each position, an undo that throws,
    /// success), with no helper and on the fast path; two single-page VFIO requests sharing a limit;
    /// a job nested in another's chunk; clearing a gigantic page; two fallocate calls on one index.
    /// </summary>
    public static TheoryData<string> NewerKindsExploredBothWays() =>
        [.. Native.Scenarios([
            "undo/1-helper-", "undo/undo-throws-1-helper", "undo/success-1-helper", "undo/no-helper-fails-at-chunk-1", "undo/fast-path-fails",
            "vfio/2-single-page-requests-limit-1", "lifetime/nested-pool-1-inner-alone", "clear-gigantic/4-subpages-1-helper",
            "fallocate/2-calls-same-index", "per-node/2-nodes-pool-1", "per-node/anywhere-pool-1",
        ])];

    /// <summary>
    /// The newer kinds' other exhaustive entries, whose DFS without the reduction takes 6,000 to
    /// 31,000 schedules or more (VFIO with a helper or two multi-page requests, fallocate with a
    /// helper, an engine disposed under a job, undo with two helpers), against the reduced set: the
    /// catalog test's exploration, so only the native runs are added.
    /// </summary>
    public static TheoryData<string> NewerKindsExploredWithTheReduction() =>
        [.. Native.Scenarios([
            "vfio/fault-at-page-", "vfio/over-limit-1-helper", "vfio/2-requests-limit-hit-by-second",
            "fallocate/3-indices-1-helper-", "lifetime/dispose-during-job-1-helper", "undo/2-helpers-",
        ])];

    [Theory]
    [MemberData(nameof(ShapesExploredBothWays))]
    [MemberData(nameof(NewerKindsExploredBothWays))]
    public void Every_native_outcome_is_one_that_DFS_found_with_the_reduction_and_without_it(string scenario)
    {
        ConformanceResult result = Check(scenario, FullSchedules);

        Assert.True(result.Full is { Exhausted: true }, $"{scenario}: DFS without the reduction was not exhausted.");
        Assert.True(result.Verdict == Verdict.Pass, ConformanceReport.Shape(result));
        Assert.Equal(Runs, result.Native.Runs);
    }

    [Theory]
    [MemberData(nameof(TwoHelperClasses))]
    [MemberData(nameof(NewerKindsExploredWithTheReduction))]
    public void Every_native_outcome_is_one_that_DFS_with_the_reduction_found(string scenario)
    {
        ConformanceResult result = Check(scenario, fullSchedules: 0);

        Assert.True(result.Reduced.Exhausted, $"{scenario}: DFS with the reduction was not exhausted.");
        Assert.True(result.Verdict == Verdict.Pass, ConformanceReport.Shape(result));
        Assert.Equal(Runs, result.Native.Runs);
    }

    [Theory]
    [InlineData(OneHelperOn4Units)]
    [InlineData(UndoWithAHelper)]
    public void A_native_outcome_removed_from_the_reduced_set_only_is_reported_lost_by_the_reduction_by_name(string scenario)
    {
        ConformanceResult real = Check(scenario, FullSchedules);
        string removed = MostFrequentNativeOutcome(real);

        ConformanceResult lossy = real with { Reduced = Without(real.Reduced, removed) };
        output.WriteLine(ConformanceReport.Shape(lossy));

        Assert.Equal(Verdict.Fail, lossy.Verdict);
        Assert.False(lossy.NativeWithinExplored);
        Assert.Equal([removed], lossy.LostByReduction);
        Assert.Empty(lossy.MissingFromModel);
        Assert.Contains(ConformanceReport.Outcome(removed), ConformanceReport.Shape(lossy));
    }

    [Theory]
    [InlineData(OneHelperOn4Units)]
    [InlineData(UndoWithAHelper)]
    public void A_native_outcome_removed_from_both_explored_sets_is_reported_missing_from_the_model_by_name(string scenario)
    {
        ConformanceResult real = Check(scenario, FullSchedules);
        string removed = MostFrequentNativeOutcome(real);

        ConformanceResult incomplete = real with { Reduced = Without(real.Reduced, removed), Full = Without(real.Full!, removed) };
        output.WriteLine(ConformanceReport.Shape(incomplete));

        Assert.Equal(Verdict.Fail, incomplete.Verdict);
        Assert.Equal([removed], incomplete.MissingFromModel);
        Assert.Empty(incomplete.LostByReduction);
        Assert.Contains(ConformanceReport.Outcome(removed), ConformanceReport.Shape(incomplete));
    }

    [Fact]
    public void A_DFS_stopped_after_one_schedule_is_reported_lacking_every_other_native_outcome_by_name()
    {
        var progress = new StringWriter();
        ConformanceResult result = Native.Check(Controlled.Harness, OneHelperOn4Units, Request(fullSchedules: 0, reducedSchedules: 1), new TextProgress(progress));
        output.WriteLine(progress.ToString());
        output.WriteLine(ConformanceReport.Shape(result));

        Assert.False(result.Reduced.Exhausted);
        Assert.Single(result.Reduced.Outcomes);
        Assert.Equal(Verdict.Fail, result.Verdict);
        string[] expectedMissing = [.. result.Native.Outcomes.Keys.Where(o => o != result.Reduced.Outcomes[0])];
        Assert.NotEmpty(expectedMissing);
        Assert.Equal(expectedMissing, result.NotExplored);
        Assert.Equal(expectedMissing, result.Unclassified);
        string report = ConformanceReport.Shape(result);
        Assert.All(expectedMissing, o => Assert.Contains(ConformanceReport.Outcome(o), report));
    }

    [Fact]
    public void A_native_run_past_its_bound_is_reported_naming_the_shape_and_the_events_so_far()
    {
        // A bound of 0 is reached as by a run that hangs, unless a run finishes before it is even
        // looked at (seen once on an idle machine): of 50 runs, one that does not is all it takes.
        NativeRuns runs = Native.Run(OneHelperOn4Units, 50, TimeSpan.Zero);
        output.WriteLine(runs.Failure);

        Assert.NotNull(runs.Failure);
        Assert.Matches($@"native run \d+ of {System.Text.RegularExpressions.Regex.Escape(OneHelperOn4Units)}", runs.Failure);
        Assert.Contains("did not finish within 0 ms", runs.Failure);
        Assert.Contains("work items in the pool; events so far:", runs.Failure);
    }

    [Fact]
    public void Scenarios_and_oracles_reach_Coyote_only_through_their_world_so_their_native_runs_are_their_explored_bodies()
    {
        // A direct Specification.Assert or SchedulingPoint call would do something else natively
        // than under control (an assertion would throw on a workqueue thread as a chunk failure).
        // The pool scenarios have no native run; ControlledWorld is where the calls belong.
        string harness = Path.Combine(Controlled.RepositoryRoot, "src", "Harness");
        string[] direct =
        [
            .. new[] { "Scenarios", "Oracles" }
                .SelectMany(folder => Directory.GetFiles(Path.Combine(harness, folder), "*.cs"))
                .Where(file => Path.GetFileName(file) is not ("ControlledWorld.cs" or "PoolScenario.cs"))
                .SelectMany(file => File.ReadAllLines(file).Select((line, i) => (file, line, number: i + 1)))
                .Where(x => !x.line.TrimStart().StartsWith("//", StringComparison.Ordinal)
                            && (x.line.Contains("Specification.", StringComparison.Ordinal) || x.line.Contains("SchedulingPoint.", StringComparison.Ordinal)))
                .Select(x => $"{Path.GetRelativePath(Controlled.RepositoryRoot, x.file)}:{x.number}: {x.line.Trim()}"),
        ];

        Assert.True(direct.Length == 0, "Coyote called directly, not through World.Current:\n" + string.Join("\n", direct));
    }

    /// <summary>
    /// The conformance check of <paramref name="scenario"/>, once per process: DFS with the
    /// reduction is the catalog test's (shared), DFS without it bounded by <paramref name="fullSchedules"/> (0: not run).
    /// </summary>
    private ConformanceResult Check(string scenario, uint fullSchedules)
    {
        var (result, progress) = Checks.GetOrAdd($"{scenario} full={fullSchedules}", _ => new(() =>
        {
            ExplorationResult reduced = Controlled.DefaultCheck(scenario).Results.Single(r => r.Scenario == scenario);
            var text = new StringWriter();
            ConformanceResult checkResult = Native.Check(Controlled.Harness, scenario, Request(fullSchedules), new TextProgress(text), reduced);
            return (checkResult, text.ToString());
        })).Value;
        output.WriteLine(progress);
        output.WriteLine(ConformanceReport.Shape(result));
        return result;
    }

    private static string MostFrequentNativeOutcome(ConformanceResult result) =>
        result.Native.Outcomes.MaxBy(o => o.Value).Key;

    private static ExplorationResult Without(ExplorationResult exploration, string outcome) =>
        exploration with { Outcomes = [.. exploration.Outcomes.Where(o => o != outcome)] };
}
