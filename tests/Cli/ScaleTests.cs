using System.Text.Json.Nodes;
using System.Xml.Linq;
using Padata.Harness.Contracts;

namespace Padata.Cli;

/// <summary>
/// check --jobs, --shard, --report, --junit and --budget, and merge: parallel and sharded checks
/// give exactly the results of one sequential run, and merge refuses what is not the shards of one check.
/// </summary>
public class ScaleTests
{
    /// <summary>Eight exhaustive entries of three kinds (jobs, throwing chunks, the pool alone), a few seconds in all.</summary>
    private static readonly string[] Selection = ["regression/", "throws/", "pool/"];

    /// <summary>What must agree between two runs of one plan: everything but the times.</summary>
    private static IEnumerable<string> Comparable(IEnumerable<ExplorationResult> results) =>
        results.Select(r => $"{r.Scenario} | {r.Shape} | {r.Exploration} | {r.Schedules} | exhausted={r.Exhausted} | interrupted={r.Interrupted} | "
                            + $"{Report.Verdict(r.Verdict)} | {r.Failure} | {string.Join(",", r.Outcomes)}");

    private static string Temp(string name) => Path.Combine(Directory.CreateTempSubdirectory("padata-scale-").FullName, name);

    private static CheckReport Check(string report, params string[] options)
    {
        ToolRun run = Tool.Run(["check", .. Selection, "--report", report, .. options]);
        Assert.True(run.Code == ExitCode.Passed, run.ToString());
        return CheckReport.Load(report);
    }

    [Fact]
    public void Three_shards_merged_give_exactly_the_entries_schedules_outcomes_and_verdicts_of_one_full_sequential_run()
    {
        CheckReport full = Check(Temp("full.json"), "--jobs", "1");
        string[] shards = [.. Enumerable.Range(1, 3).Select(k => Temp($"shard-{k}.json"))];
        for (int k = 1; k <= 3; k++)
            Check(shards[k - 1], "--shard", $"{k}/3", "--jobs", "2");

        MergeCommand.Merged merged = MergeCommand.Merge([.. shards.Select(s => (s, CheckReport.Load(s)))]);
        IReadOnlyList<ExplorationResult> expected = [.. full.Explorations.Select(e => e.ToResult())];
        Assert.Equal(8, expected.Count);
        Assert.All(expected, r => Assert.True(r.Exhausted, $"{r.Scenario} was not exhausted"));
        Assert.Equal(Comparable(expected), Comparable(merged.Results));
        Assert.Empty(merged.NotStarted);

        // No shard ran another's entry, and together they ran every one.
        var units = shards.Select(s => CheckReport.Load(s).Units.Select(u => u.Id).ToHashSet()).ToList();
        Assert.All(units, u => Assert.NotEmpty(u));
        Assert.Equal(8, units.Sum(u => u.Count));
        Assert.Equal(full.Units.Select(u => u.Id).Order(), units.SelectMany(u => u).Order());

        // The command prints the full run's table (but for the times) and exits as it did.
        ToolRun merge = Tool.Run(["merge", .. shards]);
        Assert.True(merge.Code == ExitCode.Passed, merge.ToString());
        Assert.Contains("check: 8 exploration(s) passed (8 exhausted, 0 sampled)", merge.Out);
        Assert.Contains("merge: 3 shard(s) of 3", merge.Out);
    }

    [Fact]
    public void A_parallel_check_gives_exactly_the_results_of_a_sequential_one_in_catalog_order()
    {
        CheckReport sequential = Check(Temp("sequential.json"), "--jobs", "1");
        CheckReport parallel = Check(Temp("parallel.json"), "--jobs", "3");

        Assert.Equal(Comparable(sequential.Explorations.Select(e => e.ToResult())), Comparable(parallel.Explorations.Select(e => e.ToResult())));
        Assert.Equal(sequential.Plan, parallel.Plan);
        Assert.Equal(sequential.Fingerprint, parallel.Fingerprint);
    }

    [Fact]
    public void A_DFS_split_into_parts_by_schedule_prefix_explores_exactly_the_schedules_and_outcomes_of_the_whole_DFS()
    {
        // Two exhaustive entries (1,544 and 504 schedules since renice-or-cancel decided under the job's lock): the larger is more than its share of two jobs (a quarter of both), so it is split.
        var (parallel, expected, actual) = SequentialThenParallel("fallocate/3-indices-1-helper-fits", "throws/last-of-3-with-helper");

        Assert.Contains("fallocate/3-indices-1-helper-fits [part 1/", parallel.Out);
        Assert.DoesNotContain("throws/last-of-3-with-helper [part", parallel.Out);
        Assert.Equal([504, 1544], expected.Select(r => r.Schedules));
        Assert.Equal(Comparable(expected), Comparable(actual));
    }

    [Fact]
    public void A_busy_machine_DFS_is_never_split_and_a_parallel_check_explores_exactly_its_sequential_schedules()
    {
        // Alone in a check, any DFS is more than its share of two jobs; the busy-machine model's reducer
        // must not be left out of the cut (it was: 8 parts of 1 schedule for a DFS of 1).
        var (parallel, expected, actual) = SequentialThenParallel("busy-machine/two-jobs-in-a-row");

        Assert.DoesNotContain("[part", parallel.Out);
        Assert.Equal([1], expected.Select(r => r.Schedules));
        Assert.Equal(Comparable(expected), Comparable(actual));
    }

    /// <summary>
    /// <paramref name="entries"/> checked with <c>--jobs 1</c>, then <c>--jobs 2</c>, both passing: the
    /// parallel run's output, and each run's results from its report.
    /// </summary>
    private static (ToolRun Parallel, IReadOnlyList<ExplorationResult> Sequential, IReadOnlyList<ExplorationResult> ParallelResults)
        SequentialThenParallel(params string[] entries)
    {
        string whole = Temp("whole.json"), split = Temp("split.json");
        ToolRun sequential = Tool.Run(["check", .. entries, "--jobs", "1", "--report", whole]);
        ToolRun parallel = Tool.Run(["check", .. entries, "--jobs", "2", "--report", split]);
        Assert.True(sequential.Code == ExitCode.Passed, sequential.ToString());
        Assert.True(parallel.Code == ExitCode.Passed, parallel.ToString());
        return (parallel,
                [.. CheckReport.Load(whole).Explorations.Select(e => e.ToResult())],
                [.. CheckReport.Load(split).Explorations.Select(e => e.ToResult())]);
    }

    [Fact]
    public void Parts_merge_as_the_whole_DFS_stopping_at_the_first_failing_part_in_prefix_order()
    {
        string directory = Directory.CreateTempSubdirectory("padata-parts-").FullName;
        var budget = new ExplorationBudget(Strategy.Dfs, 4_000_000, Reduction: Reduction.ThreadStarts);
        ExplorationResult Part(int schedules, string[] outcomes, string? failure = null)
        {
            string? file = failure is null ? null : Path.Combine(directory, $"{failure}.json");
            if (file is not null)
                File.WriteAllText(file, "{}");
            return new ExplorationResult("s", "shape", budget, schedules, failure is null, TimeSpan.FromSeconds(1), failure, file, file is null ? null : "replay")
                { Outcomes = outcomes, MustExhaust = true };
        }

        ExplorationResult passed = DfsParts.Merge([Part(10, ["a", "b"]), Part(5, ["c"]), Part(7, ["a"])]);
        Assert.Equal((22, true, (string?)null, "a,b,c"), (passed.Schedules, passed.Exhausted, passed.Failure, string.Join(",", passed.Outcomes)));
        Assert.Equal(TimeSpan.FromSeconds(3), passed.Elapsed);
        Assert.True(DfsParts.WithinBudget(passed));

        // The whole DFS walks the parts in order and stops at the first failure: later parts count for nothing, and their files go.
        ExplorationResult failed = DfsParts.Merge([Part(10, ["a"]), Part(3, ["d"], "first"), Part(4, ["e"], "second"), Part(6, ["f"])]);
        Assert.Equal((13, false, "first", "a,d"), (failed.Schedules, failed.Exhausted, failed.Failure, string.Join(",", failed.Outcomes)));
        Assert.Equal(Verdict.Fail, failed.Verdict);
        Assert.True(File.Exists(Path.Combine(directory, "first.json")));
        Assert.False(File.Exists(Path.Combine(directory, "second.json")));

        // A part that never ran (the check was stopped) leaves the whole interrupted, never exhausted.
        ExplorationResult stopped = DfsParts.Merge([Part(10, ["a"]), null]);
        Assert.Equal((10, false, true, Verdict.Incomplete), (stopped.Schedules, stopped.Exhausted, stopped.Interrupted, stopped.Verdict));

        // Parts that together reach the whole DFS's schedule budget are not the whole DFS's result: the check runs it whole.
        Assert.False(DfsParts.WithinBudget(DfsParts.Merge([Part(2_000_000, ["a"]), Part(1_999_999, ["b"])])));
    }

    [Fact]
    public void Merge_refuses_a_missing_shard_an_overlapping_shard_another_build_and_another_selection_with_exit_2()
    {
        string one = Temp("1.json"), two = Temp("2.json");
        Check(one, "--shard", "1/2");
        Check(two, "--shard", "2/2");

        Expect.UsageError(Tool.Run("merge", one), "missing shard(s) 2/2");
        Expect.UsageError(Tool.Run("merge", one, one, two), "overlapping shards", "1/2");

        JsonNode other = JsonNode.Parse(File.ReadAllText(two))!;
        other["fingerprint"] = "sha256:" + new string('0', 64);
        string otherBuild = Temp("2-other-build.json");
        File.WriteAllText(otherBuild, other.ToJsonString());
        Expect.UsageError(Tool.Run("merge", one, otherBuild), otherBuild, "from build sha256:000000000000", "only the shards of one build merge");

        string narrower = Temp("2-narrower.json");
        ToolRun run = Tool.Run("check", "regression/", "--shard", "2/2", "--report", narrower);
        Assert.True(run.Code == ExitCode.Passed, run.ToString());
        Expect.UsageError(Tool.Run("merge", one, narrower), narrower, "only the shards of one check merge");

        string truncated = Temp("truncated.json");
        File.WriteAllText(truncated, File.ReadAllText(two)[..200]);
        Expect.UsageError(Tool.Run("merge", one, truncated), truncated, "truncated or malformed");
    }

    [Fact]
    public void JUnit_output_has_a_test_case_per_exploration_and_a_failure_with_its_message_and_replay_command()
    {
        string passing = Temp("pass.xml");
        ToolRun run = Tool.Run(["check", .. Selection, "--junit", passing]);
        Assert.True(run.Code == ExitCode.Passed, run.ToString());
        XElement suite = XDocument.Load(passing).Root!.Element("testsuite")!;
        Assert.Equal("8", suite.Attribute("tests")!.Value);
        Assert.Equal("0", suite.Attribute("failures")!.Value);
        Assert.Equal(8, suite.Elements("testcase").Count());

        string failing = Temp("fail.xml");
        ToolRun caught = Tool.Run("check", "basic/one-helper-two-chunks", "--engine-dir", Variant.Instance.Directory, "--variant", Variant.Name,
                                  "--schedules-dir", Path.GetDirectoryName(failing)!, "--junit", failing);
        Assert.True(caught.Code == ExitCode.Violated, caught.ToString());
        XElement testcase = Assert.Single(XDocument.Load(failing).Descendants("testcase"));
        XElement failure = testcase.Element("failure") ?? throw new Xunit.Sdk.XunitException($"no <failure> in {testcase}");
        Assert.False(string.IsNullOrWhiteSpace(failure.Attribute("message")!.Value));
        Assert.Contains("replay", failure.Value);
        Assert.Contains(Path.GetDirectoryName(failing)!, failure.Value);
    }

    [Fact]
    public void A_budget_run_samples_successive_seeds_reports_each_and_never_calls_one_exhaustive()
    {
        string report = Temp("budget.json");
        ToolRun run = Tool.Run("check", "regression/min-chunk-0-align-2", "--budget", "3s", "--schedules", "10", "--seed", "5", "--report", report);
        Assert.True(run.Code == ExitCode.Passed, run.ToString());
        CheckReport budget = CheckReport.Load(report);
        Assert.NotEmpty(budget.Explorations);
        Assert.All(budget.Explorations, e => Assert.Equal("sampled", e.Coverage));
        Assert.All(budget.Explorations, e => Assert.Equal(10, e.Schedules));
        // Seeds 5, 5, 6, 6, ...: pct and random for each seed, in order, none skipped.
        uint[] seeds = [.. budget.Explorations.Select(e => e.Exploration.Seed)];
        Assert.Equal(seeds.Select((_, i) => 5 + (uint)(i / 2)), seeds);
        Assert.Equal(budget.Explorations.Select((_, i) => i % 2 == 0 ? Strategy.Pct : Strategy.Random), budget.Explorations.Select(e => e.Exploration.Strategy));
        Assert.Contains("none exhaustive", run.Out);

        // A shard of a budget run takes every Nth seed.
        string second = Temp("budget-2.json");
        run = Tool.Run("check", "regression/min-chunk-0-align-2", "--budget", "2s", "--schedules", "10", "--shard", "2/3", "--report", second);
        Assert.True(run.Code == ExitCode.Passed, run.ToString());
        Assert.All(CheckReport.Load(second).Explorations, e => Assert.Equal(1u, (e.Exploration.Seed - 1) % 3));
    }

    [Fact]
    public void A_parallel_check_stopped_by_its_timeout_exits_4_and_reports_what_it_interrupted()
    {
        ToolRun run = Tool.Run("check", "domain/requested3-helpers2-pool2-size3", "domain/requested3-helpers2-pool2-size4", "--jobs", "2", "--timeout", "4");
        Assert.True(run.Code == ExitCode.Incomplete, run.ToString());
        Assert.Contains("stopped by --timeout 4s", run.Out);
        Assert.DoesNotContain(": pass, exhausted", run.Out);
    }

    [Theory]
    [InlineData("--shard", "0/2", "--shard must be K/N")]
    [InlineData("--shard", "3/2", "--shard must be K/N")]
    [InlineData("--shard", "two", "--shard must be K/N")]
    [InlineData("--budget", "0s", "--budget must be a duration")]
    [InlineData("--budget", "10x", "--budget must be a duration")]
    [InlineData("--jobs", "0", "--jobs must be a whole number from 1")]
    public void Bad_scale_options_are_refused_naming_the_flag(string flag, string value, string message) =>
        Expect.UsageError(Tool.Run("check", flag, value), message, value);

    [Fact]
    public void A_budget_with_dfs_is_refused() =>
        Expect.UsageError(Tool.Run("check", "--budget", "1m", "--strategy", "dfs"), "--budget samples");
}
