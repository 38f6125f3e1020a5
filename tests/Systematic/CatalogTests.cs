using Xunit.Abstractions;

namespace Padata.Systematic;

/// <summary>
/// Every catalog scenario under the controlled scheduler, as the default check runs it:
/// exhaustive entries must be explored to the last schedule, sampled ones with their fixed
/// strategies, seeds and counts. The coverage line of each is printed.
/// </summary>
public class CatalogTests(ITestOutputHelper output)
{
    public static TheoryData<string> Entries()
    {
        var names = new TheoryData<string>();
        foreach (ScenarioInfo entry in Controlled.Harness.List())
            names.Add(entry.Name);
        return names;
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void Every_explored_schedule_of_the_scenario_satisfies_every_property(string scenario)
    {
        var (results, progress) = Controlled.DefaultCheck(scenario);
        output.WriteLine(progress);

        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Scenario}: {Report.Verdict(r.Verdict)} after {Report.Coverage(r)}: {r.Failure}"));
        Assert.All(results, r => Assert.True(r.Schedules > 0, $"{r.Scenario}: explored no schedule"));
    }
}
