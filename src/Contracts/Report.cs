namespace Padata.Harness.Contracts;

/// <summary>
/// Every line <c>check</c>, <c>list</c> and <c>replay</c> print, and the progress the tests log: the
/// harness hands back records, and only this class turns them into text.
/// </summary>
public static class Report
{
    /// <summary>The CLI command that replays a schedule file (the file names its engine variant).</summary>
    public static string ReplayCommand(string scheduleFile) =>
        $"dotnet run --project src/Verify -c Release -- replay \"{scheduleFile}\"";

    /// <summary>A failure as an exploration reports it: the message, where its schedule went, and how to replay it.</summary>
    public static string FailureWithReplay(string failure, string scheduleFile) =>
        $"{failure}\n  schedule saved to {scheduleFile}\n  replay it with: {ReplayCommand(scheduleFile)}";

    public static string Exploring(string scenario, ExplorationBudget exploration) => $"{scenario}: {exploration} ...";

    /// <summary>
    /// A line while an exploration runs: schedules done and their rate, and how many there are in
    /// all: a sample's budget, or for a DFS its estimate when one was made (Knuth's, from random
    /// probes: a guide, never a count) and its cap.
    /// </summary>
    public static string Running(string scenario, ExplorationBudget exploration, int schedules, TimeSpan elapsed, ScheduleEstimate? estimate = null) =>
        $"{scenario}: {schedules:N0} schedules{Total(exploration, estimate)} in {elapsed.TotalSeconds:F0}s ({schedules / Math.Max(elapsed.TotalSeconds, 1e-9):F0}/s)";

    /// <summary>" of N" for a sample (it runs exactly its budget unless a schedule fails); for DFS, the estimate (or "total unknown") and the cap.</summary>
    public static string Total(ExplorationBudget exploration, ScheduleEstimate? estimate = null) =>
        exploration.Strategy != Strategy.Dfs ? $" of {exploration.MaxSchedules:N0}"
        : estimate is null ? $" (total unknown; cap {exploration.MaxSchedules:N0})"
        : $" of ≈{estimate.Rounded:N0} (Knuth, {estimate.Probes} probes; cap {exploration.MaxSchedules:N0})";

    public static string Explored(ExplorationResult r)
    {
        string line = $"{r.Scenario}: {Verdict(r.Verdict)}, {Coverage(r)}, {r.Outcomes.Count} distinct outcome(s), " +
                      $"in {r.Elapsed.TotalSeconds:F1}s ({r.SchedulesPerSecond:F0}/s)" + (r.Interrupted ? ", interrupted" : "");
        return r.Failure is null ? line : line + Environment.NewLine + "  " + r.Failure.Replace("\n", "\n  ");
    }

    public static string Verdict(Verdict verdict) => verdict switch
    {
        Contracts.Verdict.Pass => "pass",
        Contracts.Verdict.Fail => "FAIL",
        Contracts.Verdict.Incomplete => "INCOMPLETE",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "unknown verdict"),
    };

    /// <summary>"exhausted N schedules" or "sampled N schedules (strategy)".</summary>
    public static string Coverage(ExplorationResult r) =>
        r.Exhausted ? $"exhausted {r.Schedules} schedules"
        : r.Interrupted ? $"interrupted after {r.Schedules} schedules ({r.Exploration})"
        : $"sampled {r.Schedules} schedules ({r.Exploration})";

    /// <summary>The table a check ends with: one row per exploration.</summary>
    public static string Table(IReadOnlyList<ExplorationResult> results)
    {
        string[] header = ["scenario", "shape", "strategy", "schedules", "coverage", "outcomes", "result", "time", "schedules/s"];
        var rows = results.Select(r => new[]
        {
            r.Scenario,
            r.Shape.Length > 60 ? r.Shape[..57] + "..." : r.Shape,
            r.Exploration.ToString(),
            r.Schedules.ToString(),
            r.Exhausted ? "exhausted" : r.Interrupted ? "interrupted" : "sampled",
            r.Outcomes.Count.ToString(),
            Verdict(r.Verdict),
            $"{r.Elapsed.TotalSeconds:F1}s",
            $"{r.SchedulesPerSecond:F0}",
        }).ToList();
        int[] widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(row => row[i].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
        string[] lines = [Line(header), Line(widths.Select(w => new string('-', w)).ToArray()), .. rows.Select(Line)];
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The check's last line.</summary>
    public static string Summary(IReadOnlyList<ExplorationResult> results, string scheduleDirectory)
    {
        int failed = results.Count(r => r.Verdict == Contracts.Verdict.Fail);
        int incomplete = results.Count(r => r.Verdict == Contracts.Verdict.Incomplete);
        long schedules = results.Sum(r => (long)r.Schedules);
        if (failed == 0 && incomplete == 0)
            return $"check: {results.Count} exploration(s) passed ({results.Count(r => r.Exhausted)} exhausted, " +
                   $"{results.Count(r => !r.Exhausted)} sampled), {schedules} schedules.";
        var parts = new List<string>();
        if (failed > 0)
            parts.Add($"{failed} failed (failing schedules are in {scheduleDirectory})");
        if (incomplete > 0)
        {
            IEnumerable<string> which = results.Where(r => r.Verdict == Contracts.Verdict.Incomplete)
                .Select(r => r.Interrupted ? $"{r.Scenario} interrupted after {r.Schedules} schedules" : $"{r.Scenario} not exhausted within {r.Schedules} schedules");
            parts.Add($"{incomplete} incomplete ({string.Join(", ", which)})");
        }
        return $"check: {string.Join("; ", parts)}, of {results.Count} exploration(s), {schedules} schedules.";
    }

    /// <summary>One scenario as <c>list</c> prints it.</summary>
    public static string Scenario(ScenarioInfo s)
    {
        var lines = new List<string>
        {
            s.Name,
            $"    shape:    {s.Shape}",
            $"    explored: {s.Coverage}: {string.Join(", ", s.Explorations)}",
        };
        if (s.Covers.Length > 0)
            lines.Add($"    covers:   {s.Covers}");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>What <c>replay</c> prints: the scenario, the build, both failures, the account, and whether it reproduced.</summary>
    public static string Replay(ReplayOutcome outcome, string engineDirectory) => string.Join(Environment.NewLine,
        $"scenario: {outcome.Scenario} ({outcome.Shape})",
        $"engine:   {outcome.EngineVariant} ({engineDirectory})",
        $"recorded: {outcome.RecordedFailure.Split('\n')[0]}",
        $"replayed: {(outcome.Failure ?? "passed").Replace("\n", "\n          ")}",
        "",
        outcome.Account,
        outcome.RecordedPassing
            ? outcome.Reproduced ? "replay: passed, as when it was kept" : "replay: DID NOT pass as when it was kept"
            : outcome.Reproduced ? "replay: reproduced the recorded failure" : "replay: DID NOT reproduce the recorded failure");

    /// <summary>What <c>check --save-schedule</c> kept of an exploration, and how to look at it.</summary>
    public static string Kept(ExplorationResult r, int number) => r.KeptSchedule is { } file
        ? $"{r.Scenario}: kept passing schedule {number} in {file}\n  replay it with: {ReplayCommand(file)} --html timeline.html"
        : $"{r.Scenario}: the exploration ended after {r.Schedules} schedule(s), before schedule {number}: nothing kept.";
}
