namespace Padata.Harness.Contracts;

/// <summary>Every line <c>conformance</c> prints (and the conformance tests log), from <see cref="ConformanceResult"/>s.</summary>
public static class ConformanceReport
{
    /// <summary>An outcome on one line: its jobs separated by "; ".</summary>
    public static string Outcome(string outcome) => outcome.TrimEnd('\n').Replace("\n", "; ");

    /// <summary>"reduced / full" explored outcome counts; the full one marked when it was not run or not exhausted.</summary>
    public static string Explored(ConformanceResult r) =>
        $"{Count(r.Reduced)} / {(r.Full is null ? "not run" : Count(r.Full))}";

    private static string Count(ExplorationResult e) =>
        e.Exhausted ? $"{e.Outcomes.Count}" : $"≥{e.Outcomes.Count} (sampled {e.Schedules} schedules)";

    /// <summary>The shape's summary line, then every native outcome the exploration lacks, classified and named.</summary>
    public static string Shape(ConformanceResult r)
    {
        var lines = new List<string>
        {
            $"{r.Scenario}: {Report.Verdict(r.Verdict)}; explored outcomes {Explored(r)} (reduced / full); {r.Native.Runs} native runs, " +
            $"{r.Native.Outcomes.Count} distinct; native ⊆ explored: {(r.NativeWithinExplored ? "yes" : "NO")}; " +
            $"coverage {r.Covered}/{r.Reduced.Outcomes.Count} ({r.Coverage:P0}); native {r.Native.Elapsed.TotalSeconds:F1}s",
        };
        void List(string title, IReadOnlyList<string> outcomes, bool withCounts = true)
        {
            if (outcomes.Count == 0)
                return;
            lines.Add($"  {title}:");
            lines.AddRange(outcomes.Select(o => $"    {Outcome(o)}" + (withCounts ? $"  (in {r.Native.Outcomes[o]} native run(s))" : "")));
        }
        List("native outcomes the reduction lost (missing from DFS with it, found by DFS without it)", r.LostByReduction);
        List("native outcomes missing from both explorations (the controlled model lacks an interleaving)", r.MissingFromModel);
        List(r.Full is null ? "native outcomes not explored (DFS without the reduction was not run)"
                            : "native outcomes not explored (DFS without the reduction was not exhausted, so unclassified)", r.Unclassified);
        List("outcomes DFS without the reduction found and DFS with it did not", r.ReducedLacks, withCounts: false);
        List("explored outcomes no native run produced", r.NeverNative, withCounts: false);
        if (r.Native.Failure is not null)
            lines.Add("  native runs failed: " + r.Native.Failure.Replace("\n", "\n    "));
        foreach (ExplorationResult e in new[] { r.Reduced, r.Full }.OfType<ExplorationResult>().Where(e => e.Failure is not null))
            lines.Add($"  exploration ({e.Exploration}) failed: " + e.Failure!.Replace("\n", "\n    "));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The table <c>conformance</c> ends with: one row per shape.</summary>
    public static string Table(IReadOnlyList<ConformanceResult> results)
    {
        string[] header = ["scenario", "explored (reduced / full)", "native runs", "native distinct", "native ⊆ explored", "coverage", "result"];
        var rows = results.Select(r => new[]
        {
            r.Scenario,
            Explored(r),
            r.Native.Runs.ToString(),
            r.Native.Outcomes.Count.ToString(),
            r.NativeWithinExplored ? "yes" : $"NO ({r.NotExplored.Count} not explored)",
            $"{r.Covered}/{r.Reduced.Outcomes.Count} ({r.Coverage:P0})",
            Report.Verdict(r.Verdict),
        }).ToList();
        int[] widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(row => row[i].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
        string[] lines = [Line(header), Line(widths.Select(w => new string('-', w)).ToArray()), .. rows.Select(Line)];
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The last line.</summary>
    public static string Summary(IReadOnlyList<ConformanceResult> results)
    {
        int failed = results.Count(r => r.Verdict == Verdict.Fail), incomplete = results.Count(r => r.Verdict == Verdict.Incomplete);
        return $"conformance: {results.Count} shape(s), {results.Sum(r => r.Native.Runs)} native runs; " +
               (failed + incomplete == 0
                   ? "every native outcome was explored."
                   : $"{failed} failed, {incomplete} incomplete (an exploration not exhausted).");
    }
}
