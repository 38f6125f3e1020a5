namespace Padata.Cli;

/// <summary>
/// <c>check --save-schedule N --timeline DIR</c> keeps a passing schedule and draws it;
/// <c>replay FILE --html OUT</c> runs it again (exit 0: it passed again) and draws it too; a DFS that
/// ends before N keeps nothing and exits 2.
/// </summary>
public class TimelineCommandTests
{
    [Fact]
    public void A_kept_passing_schedule_gets_a_page_from_check_and_from_replay_and_replays_with_exit_0()
    {
        string directory = Directory.CreateTempSubdirectory("padata-timeline-").FullName;
        try
        {
            string schedules = Path.Combine(directory, "schedules"), pages = Path.Combine(directory, "pages");
            ToolRun check = Tool.Run("check", "regression/min-chunk-0-align-2", "--strategy", "random", "--schedules", "10", "--seed", "3",
                                     "--save-schedule", "4", "--schedules-dir", schedules, "--timeline", pages);
            Assert.True(check.Code == ExitCode.Passed, check.ToString());
            Assert.Contains("kept passing schedule 4", check.Out);
            string kept = Assert.Single(Directory.GetFiles(schedules, "*-kept4-*.json"));
            string page = Assert.Single(Directory.GetFiles(pages, "*.html"));
            Assert.Equal(Path.GetFileNameWithoutExtension(kept), Path.GetFileNameWithoutExtension(page));
            Assert.Contains("This schedule passed", File.ReadAllText(page));

            string html = Path.Combine(directory, "again", "replay.html");
            ToolRun replay = Tool.Run("replay", kept, "--html", html);
            Assert.True(replay.Code == ExitCode.Passed, replay.ToString());
            Assert.Contains("replay: passed, as when it was kept", replay.Out);
            Assert.Equal(File.ReadAllText(page), File.ReadAllText(html));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_dfs_that_ends_before_the_schedule_to_keep_keeps_nothing_and_exits_2()
    {
        string directory = Directory.CreateTempSubdirectory("padata-timeline-").FullName;
        try
        {
            // One worker: DFS has a single schedule.
            ToolRun run = Tool.Run("check", "domain/requested2-helpers0-pool0-size2-chunk1-align1", "--strategy", "dfs", "--schedules", "10",
                                   "--save-schedule", "3", "--schedules-dir", directory);
            Expect.UsageError(run, "--save-schedule 3", "nothing was kept");
            Assert.Empty(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
