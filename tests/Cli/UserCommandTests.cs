namespace Padata.Cli;

/// <summary>
/// <c>clear-gigantic</c> and <c>fallocate</c>: a small verified run exits 0 (a fallocate that fails
/// with ENOSPC and is rolled back cleanly included), and bad input exits 2 naming the flag and the rule.
/// </summary>
public class UserCommandTests
{
    [Fact]
    public void Clear_gigantic_of_a_small_page_verifies_every_run_and_exits_0()
    {
        ToolRun run = Tool.Run("clear-gigantic", "--subpages", "64", "--min-chunk", "8", "--cpus", "2", "--runs", "2");
        Assert.Equal(0, run.Code);
        Assert.Contains("every byte zero, guards untouched", run.Out);
    }

    [Fact]
    public void Page_init_as_one_per_node_job_verifies_every_run_and_exits_0()
    {
        ToolRun run = Tool.Run("page-init", "--nodes", "2", "--cpus-per-node", "2", "--pages", "131072", "--per-node-ranges", "--runs", "1");
        Assert.True(run.Code == 0, run.ToString());
        Assert.Contains("one per-node job of every node's present ranges", run.Out);
        Assert.Contains("per-node ranges:", run.Out);
    }

    [Fact]
    public void Page_init_sequential_and_per_node_ranges_together_exit_2_naming_both_flags() =>
        Expect.UsageError(Tool.Run("page-init", "--sequential", "--per-node-ranges"), "--sequential and --per-node-ranges");

    [Fact]
    public void Clear_gigantic_subpages_not_a_power_of_two_exits_2_naming_the_flag() =>
        Expect.UsageError(Tool.Run("clear-gigantic", "--subpages", "3"), "--subpages must be a power of two", "'3'");

    [Fact]
    public void Clear_gigantic_subpages_above_1_GiB_exits_2_naming_the_flag() =>
        Expect.UsageError(Tool.Run("clear-gigantic", "--subpages", "524288"), "--subpages must be a whole number from 1 to 262,144", "'524288'");

    [Theory]
    [InlineData("16", "succeed")]
    [InlineData("10", "fail")]
    public void Fallocate_succeeds_or_fails_as_the_pool_says_and_exits_0_when_verified(string pool, string expected)
    {
        ToolRun run = Tool.Run("fallocate", "--file-pages", "16", "--pool", pool, "--present-every", "4", "--min-chunk", "2", "--cpus", "2");
        Assert.Equal(0, run.Code);
        Assert.Contains($"had to {expected}", run.Out);
        Assert.Contains("all invariants hold", run.Out);
    }

    [Fact]
    public void Fallocate_pool_smaller_than_the_present_pages_exits_2_naming_the_flag() =>
        Expect.UsageError(Tool.Run("fallocate", "--file-pages", "10", "--pool", "3", "--present-every", "2"), "--pool must hold at least the 5 page(s) present", "got 3");
}
