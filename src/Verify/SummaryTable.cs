using Padata.Harness;

namespace Padata.Verify;

/// <summary>The table a check ends with: one row per exploration.</summary>
internal static class SummaryTable
{
    public static string Render(IReadOnlyList<ExplorationResult> results)
    {
        string[] header = ["scenario", "shape", "strategy", "schedules", "coverage", "outcomes", "result", "time", "schedules/s"];
        var rows = results.Select(r => new[]
        {
            r.Scenario,
            r.Shape.Length > 60 ? r.Shape[..57] + "..." : r.Shape,
            r.Strategy,
            r.Schedules.ToString(),
            r.Exhausted ? "exhausted" : "sampled",
            r.Outcomes.Count.ToString(),
            r.Verdict,
            $"{r.Elapsed.TotalSeconds:F1}s",
            $"{r.SchedulesPerSecond:F0}",
        }).ToList();
        int[] widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(row => row[i].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
        return string.Join(Environment.NewLine, new[] { Line(header), Line(widths.Select(w => new string('-', w)).ToArray()) }.Concat(rows.Select(Line)));
    }
}
