using Xunit.Abstractions;

namespace Padata.Systematic;

/// <summary>
/// The harness can fail: every known-bad engine is caught by the scenarios named for it, and the
/// schedule saved for the failure replays to the same failure.
/// </summary>
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
    public void The_known_bad_engine_is_caught_and_its_saved_schedule_replays_to_the_same_failure(string name)
    {
        KnownBadVariant variant = KnownBadVariants.All.Single(v => v.Name == name);
        ControlledHarness harness = ControlledHarness.Load(VariantBuilder.Build(variant), variant.Name);
        var progress = new StringWriter();
        var request = Controlled.Request(variant.CaughtBy) with { EngineVariant = variant.Name, EngineDirectory = harness.Directory };

        IReadOnlyList<ExplorationResult> results = harness.Check(request, progress);
        output.WriteLine(progress.ToString());

        ExplorationResult? caught = results.FirstOrDefault(r => r.Failure is not null);
        Assert.True(caught is not null, $"{variant.Name} ({variant.Bug}) escaped: {string.Join("; ", results.Select(r => $"{r.Scenario} {r.Coverage}"))}");
        Assert.NotNull(caught.ScheduleFile);
        Assert.True(File.Exists(caught.ScheduleFile));
        Assert.Contains("replay", caught.Failure);

        for (int run = 0; run < 2; run++)
        {
            ReplayOutcome replay = harness.Replay(caught.ScheduleFile);
            output.WriteLine(replay.Account);
            Assert.True(replay.Reproduced, $"replay {run + 1} of {caught.ScheduleFile}: expected '{replay.RecordedFailure}', got '{replay.Failure ?? "no failure"}'");
        }
    }
}
