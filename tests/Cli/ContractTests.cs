using System.CommandLine;

namespace Padata.Cli;

/// <summary>
/// The other exit codes on the real entry point (0 passed, 1 violated, 3 the tool failed, 4
/// incomplete), and the help every command prints.
/// </summary>
public class ContractTests
{
    [Fact]
    public void A_check_whose_explorations_pass_and_exhaust_exits_0()
    {
        ToolRun run = Tool.Run("check", "regression/min-chunk-0-align-2");
        Assert.True(run.Code == ExitCode.Passed, run.ToString());
        Assert.Contains("exhausted", run.Out);
    }

    [Fact]
    public void A_dfs_stopped_by_its_budget_before_the_last_schedule_exits_4_incomplete()
    {
        ToolRun run = Tool.Run("check", "regression/min-chunk-0", "--strategy", "dfs", "--schedules", "5");
        Assert.True(run.Code == ExitCode.Incomplete, run.ToString());
        Assert.Contains("INCOMPLETE", run.Out);
    }

    [Fact]
    public void A_sampled_check_within_its_budget_exits_0()
    {
        ToolRun run = Tool.Run("check", "regression/min-chunk-0", "--strategy", "random", "--schedules", "5", "--seed", "3");
        Assert.True(run.Code == ExitCode.Passed, run.ToString());
        Assert.Contains("sampled 5 schedules", run.Out);
    }

    [Fact]
    public void A_native_run_that_processes_every_unit_once_exits_0()
    {
        ToolRun run = Tool.Run("run", "--size", "10000", "--min-chunk", "100", "--max-threads", "2");
        Assert.True(run.Code == ExitCode.Passed, run.ToString());
        Assert.Contains("every unit summed exactly once", run.Out);
    }

    [Fact]
    public void An_unexpected_exception_exits_3_with_one_line_naming_it_and_the_file_holding_the_detail()
    {
        var root = new RootCommand("test");
        var boom = new Command("boom");
        boom.SetAction(_ => Fail());
        root.Subcommands.Add(boom);

        ToolRun run = Tool.Run(root, "boom");

        Assert.True(run.Code == ExitCode.ToolFailure, run.ToString());
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("the tool itself failed", line);
        Assert.Contains("System.InvalidOperationException: the harness lost its place", line);
        Expect.NoStackTrace(run);
        string detail = line[(line.IndexOf("full detail: ", StringComparison.Ordinal) + "full detail: ".Length)..].Trim();
        Assert.True(File.Exists(detail), $"no detail file at '{detail}'");
        string text = File.ReadAllText(detail);
        Assert.Contains("padata-verify boom", text);
        Assert.Contains(nameof(Fail), text);   // the stack trace went to the file
    }

    private static int Fail() => throw new InvalidOperationException("the harness lost its place");

    [Theory]
    [InlineData("--help")]
    [InlineData("check", "--help")]
    [InlineData("replay", "--help")]
    [InlineData("page-init", "--help")]
    public void Every_help_ends_with_the_exit_code_table(params string[] args)
    {
        ToolRun run = Tool.Run(args);
        Assert.True(run.Code == ExitCode.Passed, run.ToString());
        foreach (string code in new[] { "0  everything passed", "1  a property was violated", "2  usage or invalid input", "3  the tool itself failed", "4  incomplete" })
            Assert.Contains(code, run.Out);
    }

    [Fact]
    public void Check_help_shows_the_engine_directory_default_once_and_no_path_of_the_build_machine()
    {
        ToolRun run = Tool.Run("check", "--help");
        string line = Assert.Single(run.Out.Split('\n'), l => l.TrimStart().StartsWith("--engine-dir", StringComparison.Ordinal));
        Assert.DoesNotContain("[default:", line);
        Assert.DoesNotContain(AppContext.BaseDirectory.TrimEnd('/'), run.Out);
    }

    [Fact]
    public void The_strategies_are_shown_in_lower_case_as_they_are_typed()
    {
        ToolRun run = Tool.Run("check", "--help");
        Assert.Contains("--strategy <dfs|pct|random|portfolio>", run.Out);
    }
}
