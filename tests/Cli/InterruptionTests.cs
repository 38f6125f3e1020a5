namespace Padata.Cli;

/// <summary>check --timeout ends an exploration cleanly: what finished is reported, and the exit code is 4.</summary>
public class InterruptionTests
{
    [Fact]
    public void A_check_stopped_by_its_timeout_exits_4_and_says_how_far_it_got()
    {
        // Two helpers on 3 units: about 42,000 schedules, far more than two seconds.
        ToolRun run = Tool.Run("check", "domain/requested3-helpers2-pool2-size3", "regression/", "--timeout", "2");

        Assert.True(run.Code == ExitCode.Incomplete, run.ToString());
        Assert.Contains("stopped by --timeout 2s after", run.Out);
        Assert.Contains("1 interrupted", run.Out);
        Assert.Contains("2 of 3 scenario(s) not started", run.Out);
        Assert.Contains("INCOMPLETE", run.Out);
        string line = run.Out.Split('\n').Single(l => l.StartsWith("domain/requested3-helpers2-pool2-size3", StringComparison.Ordinal) && l.Contains(": INCOMPLETE,"));
        Assert.Contains("interrupted after", line);
        Assert.DoesNotContain("exhausted", line);
    }

    [Fact]
    public void A_timeout_of_zero_seconds_is_refused() =>
        Expect.UsageError(Tool.Run("check", "--timeout", "0"), "--timeout must be a whole number ≥ 1");
}
