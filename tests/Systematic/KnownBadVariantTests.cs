using Xunit.Abstractions;

namespace Padata.Systematic;

/// <summary>
/// The harness can fail: every known-bad engine is caught by the scenarios named for it within
/// 1,000 schedules of their default explorations, and the schedule saved for the failure replays
/// to the same failure.
/// </summary>
[Collection(KnownBadBuilds.Name)]
public class KnownBadVariantTests(ITestOutputHelper output)
{
    public static TheoryData<string> Variants()
    {
        var names = new TheoryData<string>();
        foreach (KnownBadVariant variant in KnownBadVariants.All)
            names.Add(variant.Name);
        return names;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_known_bad_engine_is_caught_by_its_default_check_and_its_saved_schedule_replays_to_the_same_failure(string name)
    {
        KnownBadVariant variant = KnownBadVariants.All.Single(v => v.Name == name);
        var (harness, request) = Controlled.ForVariant(variant);
        var progress = new StringWriter();

        IReadOnlyList<ExplorationResult> results = harness.Check(request, progress);
        output.WriteLine(progress.ToString());

        ExplorationResult? caught = results.FirstOrDefault(r => r.Failure is not null);
        Assert.True(caught is not null,
            $"{variant.Name} ({variant.Bug}) escaped: {string.Join("; ", results.Select(r => $"{r.Scenario} {Report.Coverage(r)}"))}");
        int schedules = BugZooMeasurement.SchedulesUntilFailure(results);
        Assert.True(schedules <= variant.CatchWithin, $"{variant.Name} was caught only after {schedules} schedules of the default check (its bound is {variant.CatchWithin:N0}).");
        Assert.NotNull(caught.ScheduleFile);
        Assert.True(File.Exists(caught.ScheduleFile));
        Assert.Contains("replay", caught.Failure);

        for (int run = 0; run < 2; run++)
        {
            ReplayOutcome replay = harness.Replay(caught.ScheduleFile);
            output.WriteLine(replay.Account);
            Assert.True(replay.Reproduced,
                $"replay {run + 1} of {caught.ScheduleFile}: expected '{replay.RecordedFailure}', got '{replay.Failure ?? "no failure"}'");
        }
    }

    [Fact]
    public void The_portfolio_strategy_catches_a_known_bad_engine_too()
    {
        KnownBadVariant variant = KnownBadVariants.All.Single(v => v.Name == "first-finisher-signals");
        var (harness, request) = Controlled.ForVariant(variant);

        IReadOnlyList<ExplorationResult> results =
            harness.Check(request with { Strategy = Strategy.Portfolio, Schedules = 1_000, Seed = 1 }, TextWriter.Null);

        ExplorationResult result = Assert.Single(results);
        Assert.Equal(Strategy.Portfolio, result.Exploration.Strategy);
        Assert.Equal(1u, result.Exploration.Seed);
        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.True(result.Failure is not null, $"portfolio missed {variant.Name} in {Report.Coverage(result)}");
    }
}
