using System.Diagnostics;

namespace Padata.Cli;

/// <summary>check --timeout and Ctrl-C end an exploration cleanly: what finished is reported, and the exit code is 4.</summary>
public class InterruptionTests
{
    [Fact]
    public void A_check_stopped_by_its_timeout_exits_4_and_says_how_far_it_got()
    {
        // Two helpers on 3 units: about 42,000 schedules, far more than two seconds.
        ToolRun run = Tool.Run("check", "domain/requested3-helpers2-pool2-size3", "regression/", "--timeout", "2", "--jobs", "1");

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
    public void Ctrl_C_during_a_check_stops_it_cleanly_prints_what_finished_and_exits_4()
    {
        // SIGINT is sent with kill(1), as a terminal's Ctrl-C sends it (Linux, like the CI).
        string schedules = Directory.CreateTempSubdirectory("padata-ctrl-c-").FullName;
        var start = new ProcessStartInfo("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "padata-verify.dll"), "check", "domain/fast-size1-pool0", "domain/requested3-helpers2-pool2-size3", "throws/", "--schedules-dir", schedules, "--jobs", "1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process check = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var error = new System.Text.StringBuilder();
        using var running = new ManualResetEventSlim();
        check.OutputDataReceived += (_, e) =>
        {
            lock (output)
                output.AppendLine(e.Data);
            if (e.Data?.StartsWith("domain/requested3-helpers2-pool2-size3", StringComparison.Ordinal) == true)
                running.Set();
        };
        check.ErrorDataReceived += (_, e) => { lock (error) error.AppendLine(e.Data); };
        check.BeginOutputReadLine();
        check.BeginErrorReadLine();
        try
        {
            Assert.True(running.Wait(TimeSpan.FromSeconds(60)), $"the long exploration never started:\n{output}\n{error}");
            Thread.Sleep(1_000);
            using (Process kill = Process.Start("kill", ["-INT", check.Id.ToString()])!)
                kill.WaitForExit();
            Assert.True(check.WaitForExit(TimeSpan.FromSeconds(60)), $"check did not stop within 60 s of Ctrl-C:\n{output}\n{error}");
            check.WaitForExit(); // the asynchronous readers' last lines
        }
        finally
        {
            if (!check.HasExited)
                check.Kill(entireProcessTree: true);
        }

        string stdout = output.ToString(), stderr = error.ToString();
        Assert.True(check.ExitCode == ExitCode.Incomplete, $"exit {check.ExitCode}\n{stdout}\n{stderr}");
        Assert.Contains("Ctrl-C: stopping after the current schedule", stderr);
        Assert.Contains("check: stopped by Ctrl-C after", stdout);
        // The catalog's order: the lone worker finished, the two-helper DFS interrupted, throws/ never started.
        Assert.Contains("1 exploration(s) finished, 1 interrupted", stdout);
        Assert.Contains("domain/fast-size1-pool0: pass, exhausted", stdout);
        Assert.Contains("interrupted after", stdout);
        Assert.DoesNotContain("throws/alone", stdout);
        Assert.Empty(Directory.GetFileSystemEntries(schedules));
    }

    [Fact]
    public void A_timeout_of_zero_seconds_is_refused() =>
        Expect.UsageError(Tool.Run("check", "--timeout", "0"), "--timeout must be a whole number ≥ 1");
}
