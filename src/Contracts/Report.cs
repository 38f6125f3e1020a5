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

    public static string Explored(ExplorationResult r)
    {
        string line = $"{r.Scenario}: {Verdict(r.Verdict)}, {Coverage(r)}, {r.Outcomes.Count} distinct outcome(s), " +
                      $"in {r.Elapsed.TotalSeconds:F1}s ({r.SchedulesPerSecond:F0}/s)";
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
        r.Exhausted ? $"exhausted {r.Schedules} schedules" : $"sampled {r.Schedules} schedules ({r.Exploration})";

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
            r.Exhausted ? "exhausted" : "sampled",
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
        int failed = results.Count(r => !r.Passed);
        return failed == 0
            ? $"check: {results.Count} exploration(s) passed ({results.Count(r => r.Exhausted)} exhausted, " +
              $"{results.Count(r => !r.Exhausted)} sampled), {results.Sum(r => (long)r.Schedules)} schedules."
            : $"check: {failed} of {results.Count} exploration(s) did not pass; failing schedules are in {scheduleDirectory}.";
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
        outcome.Reproduced ? "replay: reproduced the recorded failure" : "replay: DID NOT reproduce the recorded failure");
}
