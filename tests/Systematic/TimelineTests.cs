using System.Net;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Padata.Systematic;

/// <summary>
/// The timeline page of a replayed schedule (<see cref="TimelinePage"/>) shows the schedule the
/// harness logged: every logged event once, on its thread's lane, in the log's order, and nothing
/// the page would need the network or a script for. The log is read back from the replay's
/// account (the harness's own text of it), not from the timeline.
/// </summary>
[Collection(KnownBadBuilds.Name)]
public class TimelineTests(ITestOutputHelper output)
{
    private const string Small = "domain/requested2-helpers1-pool1-size3-chunk1-align1";

    [Fact]
    public void A_kept_passing_schedule_replays_passing_and_its_page_shows_every_logged_event_once_on_its_lane_in_order()
    {
        ControlledHarness harness = Controlled.Harness;
        ExplorationResult result = Assert.Single(harness.Check(
            Controlled.Request(Small) with { Strategy = Strategy.Random, Schedules = 20, Seed = 3, KeepSchedule = 5 }, TextWriter.Null));

        Assert.Null(result.Failure);
        Assert.Equal(5, result.Schedules);
        Assert.False(result.Exhausted);
        Assert.NotNull(result.KeptSchedule);
        Assert.True(ScheduleFile.IsKeptPassing(ScheduleFile.Load(result.KeptSchedule).Failure));

        ReplayOutcome replay = harness.Replay(result.KeptSchedule);
        Assert.Null(replay.Failure);
        Assert.True(replay.RecordedPassing);
        Assert.True(replay.Reproduced);
        Timeline timeline = Assert.IsType<Timeline>(replay.Timeline);
        Assert.True(timeline.SchedulingSteps);
        Assert.Null(timeline.Failure);

        AssertPageShowsTheLog(replay, timeline);
    }

    [Fact]
    public void A_known_bad_engines_failing_schedule_gets_a_page_with_the_violated_property_where_the_schedule_stopped()
    {
        KnownBadVariant variant = KnownBadVariants.All.Single(v => v.Name == "first-finisher-signals");
        var (harness, request) = Controlled.ForVariant(variant);
        ExplorationResult caught = harness.Check(request, TextWriter.Null).First(r => r.Failure is not null);

        ReplayOutcome replay = harness.Replay(caught.ScheduleFile!);
        Assert.True(replay.Reproduced);
        Timeline timeline = Assert.IsType<Timeline>(replay.Timeline);
        Assert.Equal(replay.Failure, timeline.Failure);
        string page = AssertPageShowsTheLog(replay, timeline);

        Assert.Contains(WebUtility.HtmlEncode(replay.Failure!), page);
        Assert.Contains("class=\"failure-mark\"", page);
        if (timeline.FailureLane is { } lane)
            Assert.Contains($"class=\"lane failing\"", page);
        output.WriteLine($"{caught.Scenario}: {timeline.Lanes.Count} lanes, {timeline.Events.Count} events, {timeline.Steps} steps, failing lane {timeline.FailureLane ?? "unknown"}, page {page.Length:N0} characters");
    }

    [Fact]
    public void Under_memory_access_interleaving_the_page_counts_logged_events_instead_of_scheduling_steps()
    {
        string races = Controlled.Harness.List().First(s => s.Name.StartsWith("races/", StringComparison.Ordinal)).Name;
        ExplorationResult result = Assert.Single(Controlled.Harness.Check(
            Controlled.Request(races) with { Strategy = Strategy.Random, Schedules = 5, Seed = 1, KeepSchedule = 2 }, TextWriter.Null));
        ReplayOutcome replay = Controlled.Harness.Replay(result.KeptSchedule!);

        Timeline timeline = Assert.IsType<Timeline>(replay.Timeline);
        Assert.False(timeline.SchedulingSteps);
        Assert.Equal(timeline.Events.Count, timeline.Steps);
        Assert.DoesNotContain(timeline.Events, e => e.IsSchedulingPoint);
        AssertPageShowsTheLog(replay, timeline);
    }

    /// <summary>
    /// The account's event lines (<c>step worker what</c>, the log in order) are the timeline's
    /// logged events in order, each on its worker's lane; the page has one mark per timeline
    /// event, in order, with its step, lane and kind, and each logged event's tooltip once.
    /// </summary>
    private static string AssertPageShowsTheLog(ReplayOutcome replay, Timeline timeline)
    {
        var logged = replay.Account.Split('\n').Select(l => Regex.Match(l, @"^\s*(\d+)  (\S+)\s+(.+?)\s*$")).Where(m => m.Success)
                           .Select(m => (Worker: m.Groups[2].Value, What: m.Groups[3].Value)).ToList();
        Assert.NotEmpty(logged);
        var shown = timeline.Events.Where(e => !e.IsSchedulingPoint).Select(e => (Worker: e.Lane, What: e.Text)).ToList();
        Assert.Equal(logged, shown);
        Assert.Equal(timeline.Events.Select(e => e.Lane).Distinct().Order(StringComparer.Ordinal), timeline.Lanes.Order(StringComparer.Ordinal));
        Assert.True(timeline.Events.Zip(timeline.Events.Skip(1)).All(p => p.First.Step <= p.Second.Step), "steps go backwards");
        Assert.All(timeline.Events, e => Assert.InRange(e.Step, 0, timeline.Steps));

        string page = TimelinePage.Render(timeline);
        var marks = Regex.Matches(page, "data-event=\"(\\d+)\" data-step=\"(\\d+)\" data-lane=\"([^\"]*)\" data-kind=\"([^\"]*)\"")
                         .Select(m => (Index: int.Parse(m.Groups[1].Value), Step: int.Parse(m.Groups[2].Value),
                                       Lane: WebUtility.HtmlDecode(m.Groups[3].Value), Kind: WebUtility.HtmlDecode(m.Groups[4].Value)))
                         .ToList();
        Assert.Equal(timeline.Events.Select((e, i) => (i, e.Step, e.Lane, e.Kind)), marks);
        foreach (TimelineEvent e in timeline.Events.Where(e => !e.IsSchedulingPoint))
            Assert.Single(Regex.Matches(page, Regex.Escape($"<title>{WebUtility.HtmlEncode($"step {e.Step}, {e.Lane}: {e.Text}")}</title>")));
        foreach (string lane in timeline.Lanes)
            Assert.Contains($">{WebUtility.HtmlEncode(lane)}</text>", page);

        // Self-contained: nothing fetched, no script.
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("(src|href)=", page);
        Assert.Equal(["http://www.w3.org/2000/svg"], Regex.Matches(page, "https?://[^\"\\s<]*").Select(m => m.Value).Distinct());
        return page;
    }
}
