namespace Padata.Cli;

/// <summary>
/// <c>conformance</c> takes every exhaustive entry that runs jobs, the newer kinds of scenario
/// included (undo, VFIO, nested jobs, the gigantic clear, fallocate: each runs natively as its own
/// body), and refuses the pool scenarios (no job, so no outcome) with exit 2 naming the filter.
/// </summary>
public class ConformanceCommandTests
{
    private static readonly string[] NewerKinds =
    [
        "undo/1-helper-fails-at-chunk-1-of-3", "vfio/2-single-page-requests-limit-1", "lifetime/nested-pool-1-inner-alone",
        "clear-gigantic/4-subpages-1-helper", "fallocate/2-calls-same-index",
    ];

    [Fact]
    public void Conformance_of_the_newer_kinds_runs_each_natively_and_exits_0_when_every_native_outcome_was_explored()
    {
        ToolRun run = Tool.Run(["conformance", .. NewerKinds, "--runs", "100", "--full-schedules", "0"]);

        Assert.True(run.Code == 0, run.ToString());
        foreach (string scenario in NewerKinds)
            Assert.Contains($"{scenario}: pass; explored outcomes", run.Out);
        Assert.Contains("conformance: 5 shape(s), 500 native runs; every native outcome was explored.", run.Out);
    }

    [Fact]
    public void Conformance_of_a_pool_scenario_exits_2_naming_the_filter() =>
        Expect.UsageError(Tool.Run("conformance", "pool/"), "'pool/'", "exhaustive entries that run jobs");
}
