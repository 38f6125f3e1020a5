namespace Padata.Cli;

/// <summary>
/// Bad input of every command exits 2 with one message naming what the user typed and the rule, as
/// the parser's own errors do: no stack trace, no .NET type name (issue 15's table, row by row, and
/// the other commands' bad values).
/// </summary>
public class UsageErrorTests
{
    [Fact]
    public void An_unknown_command_exits_2_naming_it_and_the_commands()
    {
        ToolRun run = Tool.Run("frobnicate");
        Expect.UsageError(run, "'frobnicate'", "check", "replay", "page-init");
    }

    [Fact]
    public void No_command_exits_2_listing_the_commands() =>
        Expect.UsageError(Tool.Run(), "no command", "check", "page-init");

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("99999999999999999999999")]
    public void Page_init_pages_out_of_range_or_not_a_number_exits_2_naming_the_flag_and_the_rule(string pages) =>
        Expect.UsageError(Tool.Run("page-init", "--pages", pages), "--pages must be a whole number from 1 to 1,073,741,824", $"'{pages}'");

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("two")]
    public void Page_init_cpus_below_1_exits_2_naming_the_flag(string cpus) =>
        Expect.UsageError(Tool.Run("page-init", "--cpus", cpus), "--cpus-per-node must be a whole number from 1 to 4,096", $"'{cpus}'");

    [Theory]
    [InlineData("0")]
    [InlineData("1025")]
    [InlineData("many")]
    public void Page_init_nodes_out_of_range_exits_2_naming_the_flag_and_the_rule(string nodes) =>
        Expect.UsageError(Tool.Run("page-init", "--nodes", nodes), "--nodes must be a whole number from 1 to 1,024", $"'{nodes}'");

    [Fact]
    public void Page_init_with_more_pages_in_all_nodes_than_one_memmap_holds_exits_2_naming_both_flags() =>
        Expect.UsageError(Tool.Run("page-init", "--pages", "1073741824", "--nodes", "2"), "--pages times --nodes", "1,073,741,824", "× 2");

    [Fact]
    public void Page_init_runs_0_exits_2() =>
        Expect.UsageError(Tool.Run("page-init", "--runs", "0"), "--runs must be a whole number ≥ 1");

    [Fact]
    public void Page_init_past_the_last_physical_pfn_exits_2_naming_both_flags() =>
        Expect.UsageError(Tool.Run("page-init", "--start-pfn", "1099511627775", "--pages", "5"), "--start-pfn", "--pages", "1,099,511,627,776");

    [Fact]
    public void A_flag_without_its_value_exits_2_naming_it() =>
        Expect.UsageError(Tool.Run("page-init", "--pages"), "--pages");

    [Fact]
    public void Check_with_an_unknown_strategy_exits_2_listing_the_strategies_in_lower_case()
    {
        ToolRun run = Tool.Run("check", "--strategy", "foo");
        Expect.UsageError(run, "--strategy must be one of dfs, pct, random, portfolio", "'foo'");
    }

    [Fact]
    public void Check_with_a_missing_engine_directory_exits_2_naming_the_flag_and_the_path()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"padata-none-{Guid.NewGuid():N}");
        Expect.UsageError(Tool.Run("check", "--engine-dir", missing), "--engine-dir", missing, "does not exist");
    }

    [Fact]
    public void Check_with_an_engine_directory_holding_no_rewritten_harness_exits_2()
    {
        string empty = Directory.CreateTempSubdirectory("padata-empty-").FullName;
        Expect.UsageError(Tool.Run("check", "--engine-dir", empty), "--engine-dir", empty, "Padata.Harness.dll");
    }

    [Fact]
    public void Check_with_an_engine_directory_holding_random_bytes_for_a_harness_exits_2()
    {
        string directory = Directory.CreateTempSubdirectory("padata-garbage-").FullName;
        File.WriteAllBytes(Path.Combine(directory, "Padata.Harness.dll"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919))]);
        File.WriteAllText(Path.Combine(directory, "rewrite.coyote.json"), """{ "Assemblies": [ "Padata.Harness.dll" ] }""");
        Expect.UsageError(Tool.Run("check", "--engine-dir", directory), "--engine-dir", directory, "not a rewritten build this tool can load");
    }

    [Fact]
    public void Check_with_an_unknown_option_exits_2_naming_it() =>
        Expect.UsageError(Tool.Run("check", "--frob"), "unknown option '--frob'");

    [Fact]
    public void Check_of_a_scenario_that_does_not_exist_exits_2_naming_it() =>
        Expect.UsageError(Tool.Run("check", "nosuch/"), "'nosuch/'", "list");

    [Theory]
    [InlineData("--seed", "3")]
    [InlineData("--schedules", "10")]
    public void Check_schedules_or_seed_without_a_strategy_exits_2(string flag, string value) =>
        Expect.UsageError(Tool.Run("check", flag, value), "--schedules and --seed go with --strategy");

    [Fact]
    public void Check_with_zero_schedules_exits_2() =>
        Expect.UsageError(Tool.Run("check", "--strategy", "dfs", "--schedules", "0"), "--schedules must be a whole number ≥ 1");

    [Theory]
    [InlineData("--align", "0", "--align must be a whole number ≥ 1")]
    [InlineData("--max-threads", "abc", "--max-threads must be a whole number ≥ 1")]
    [InlineData("--size", "-1", "--size must be a whole number ≥ 0")]
    [InlineData("--min-chunk", "1.5", "--min-chunk must be a whole number ≥ 0")]
    public void Run_with_a_bad_value_exits_2_naming_the_flag(string flag, string value, string rule) =>
        Expect.UsageError(Tool.Run("run", flag, value), rule, $"'{value}'");

    [Fact]
    public void Run_past_the_last_unit_exits_2_naming_both_flags() =>
        Expect.UsageError(Tool.Run("run", "--start", "18446744073709551615", "--size", "2"), "--start", "--size");

    [Fact]
    public void Replay_of_a_file_that_does_not_exist_exits_2_naming_it()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"padata-none-{Guid.NewGuid():N}.json");
        Expect.UsageError(Tool.Run("replay", missing), missing);
    }

    [Fact]
    public void Replay_without_a_file_exits_2() =>
        Expect.UsageError(Tool.Run("replay"), "replay");

    [Fact]
    public void Check_save_schedule_without_a_strategy_exits_2_naming_both_flags() =>
        Expect.UsageError(Tool.Run("check", "domain/requested2", "--save-schedule", "3"), "--save-schedule goes with --strategy");

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("x")]
    public void Check_save_schedule_below_1_exits_2_naming_the_flag(string value) =>
        Expect.UsageError(Tool.Run("check", "--strategy", "pct", "--save-schedule", value), "--save-schedule must be a whole number ≥ 1", $"'{value}'");

    [Fact]
    public void Check_save_schedule_past_the_schedules_explored_exits_2() =>
        Expect.UsageError(Tool.Run("check", "--strategy", "pct", "--schedules", "10", "--save-schedule", "11"), "--save-schedule must be at most the schedules explored", "'11'");

    [Fact]
    public void Replay_html_naming_a_directory_exits_2_naming_the_flag() =>
        Expect.UsageError(Tool.Run("replay", "whatever.json", "--html", Path.GetTempPath()), "--html must name a file to write, not a directory");

    [Fact]
    public void Check_timeline_naming_a_file_exits_2_naming_the_flag()
    {
        string file = Path.GetTempFileName();
        try
        {
            Expect.UsageError(Tool.Run("check", "--timeline", file), "--timeline must name a directory", file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
