using Xunit.Abstractions;

namespace Padata.Systematic;

/// <summary>
/// The estimate of a DFS's total shown in the progress lines (Knuth's, from random probe schedules
/// run before the DFS): that the probes change nothing DFS explores, and how far the estimate is
/// from the count DFS then finds on exhaustive entries of several kinds and sizes. The true counts
/// come from the exhaustive DFS itself, never from the estimator.
/// </summary>
public class EstimateTests(ITestOutputHelper output)
{
    /// <summary>
    /// How far off the estimate may be, as a factor either way, on these entries (measured: see
    /// README "Estimated totals"). Knuth's estimate is unbiased, but with tens of probes on a
    /// lopsided tree a factor of several is ordinary; it is a progress guide, not a count.
    /// </summary>
    private const double Factor = 2;

    public static TheoryData<string> ExhaustiveEntries() =>
    [
        "domain/requested2-helpers1-pool1-size4-chunk1-align1",
        "domain/requested2-helpers1-pool2-size3-chunk1-align1",
        "regression/min-chunk-0-align-2",
        "throws/last-of-3-with-helper",
        "dispose/after-a-helped-job",
        "pool/2-takers-of-2-items",
        "page-init/2-sections-holes",
        "fallocate/3-indices-1-helper-fits",
    ];

    [Theory]
    [MemberData(nameof(ExhaustiveEntries))]
    public void The_probes_change_nothing_the_DFS_explores_and_the_estimate_is_within_the_stated_factor_of_the_exhaustive_count(string scenario)
    {
        ExplorationResult with = Exhaust(scenario, estimate: true);
        ExplorationResult without = Exhaust(scenario, estimate: false);

        Assert.Equal(without.Schedules, with.Schedules);
        Assert.Equal(without.Outcomes, with.Outcomes);
        Assert.Null(without.Estimate);
        ScheduleEstimate estimate = Assert.IsType<ScheduleEstimate>(with.Estimate);
        double ratio = estimate.Total / with.Schedules;
        output.WriteLine($"{scenario}: exhausted {with.Schedules} schedules; estimated {estimate.Total:F0} {estimate} in {estimate.Elapsed.TotalSeconds:F2}s "
                         + $"(DFS {with.Elapsed.TotalSeconds:F2}s): ratio {ratio:F2}");
        Assert.InRange(estimate.Probes, 20, 200);
        Assert.True(ratio >= 1 / Factor && ratio <= Factor,
            $"{scenario}: the estimate {estimate.Total:F0} is {ratio:F2} times the {with.Schedules} schedules DFS explored, outside a factor of {Factor}.");
    }

    private ExplorationResult Exhaust(string scenario, bool estimate) =>
        Controlled.Exhaust(Controlled.Request(scenario) with { EstimateTotals = estimate }, output, scenario);
}
