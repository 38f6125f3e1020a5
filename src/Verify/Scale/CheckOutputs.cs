using Padata.Harness.Contracts;

namespace Padata.Verify;

/// <summary>What a check writes besides the console: its --report (JSON) and --junit (XML) files, and a budget run's last line.</summary>
internal static class CheckOutputs
{
    public static void Write(string? reportPath, string? junitPath, ControlledHarness harness, CheckPlan plan, CheckRequest request,
                             UnitDispatcher.Outcome outcome, DateTimeOffset began, TimeSpan wall, string? stoppedBy, TimeSpan? budget)
    {
        if (reportPath is not null)
        {
            Create(harness, plan, request, outcome, began, wall, stoppedBy, budget).Save(reportPath);
            Console.WriteLine($"check: report written to {Path.GetFullPath(reportPath)}");
        }
        if (junitPath is not null)
        {
            JUnitReport.Save(junitPath, Suite(plan.Shard), outcome.Results, [.. outcome.NotStarted.Select(u => u.Id)], stoppedBy);
            Console.WriteLine($"check: JUnit results written to {Path.GetFullPath(junitPath)}");
        }
    }

    public static string Suite(Shard shard) => shard == Shard.Whole ? "padata-verify check" : $"padata-verify check (shard {shard})";

    public static CheckReport Create(ControlledHarness harness, CheckPlan plan, CheckRequest request, UnitDispatcher.Outcome outcome,
                                     DateTimeOffset began, TimeSpan wall, string? stoppedBy, TimeSpan? budget)
    {
        return new CheckReport(CheckReport.CurrentFormat, harness.Fingerprint, ToolVersion.Current, harness.Variant,
            new CheckSelection([.. request.Filters], request.Strategy, request.Schedules, request.Seed, request.Reduction, budget?.TotalSeconds),
            plan.Digest, plan.Size, new ShardIdentity(plan.Shard.K, plan.Shard.N),
            [.. outcome.Run.Select(u => new ReportedUnit(u.Index, u.Id))], [.. outcome.NotStarted.Select(u => new ReportedUnit(u.Index, u.Id))],
            stoppedBy, began, wall.TotalSeconds,
            [.. outcome.Ran.SelectMany(r => r.Results.Select(e => ReportedExploration.From(r.Unit.Index, e)))]);
    }

    /// <summary>A budget run's last line: how many samples, of which scenarios, with which seeds.</summary>
    public static string BudgetLine(TimeSpan budget, UnitDispatcher.Outcome outcome)
    {
        if (outcome.Run.Count == 0)
            return $"check: --budget {Duration(budget)}: no sample ran.";
        var seeds = outcome.Run.Select(u => u.Seed!.Value).Distinct().Order().ToList();
        return $"check: --budget {Duration(budget)}: {outcome.Results.Count} sample(s) of {outcome.Run.Select(u => u.Scenario).Distinct().Count()} scenario(s), "
               + $"{outcome.Results.Sum(r => (long)r.Schedules)} schedules, seeds {Ranges(seeds)} (every one sampled, none exhaustive).";
    }

    /// <summary>A budget as it is typed: 90s, 10m, 2h, 1d.</summary>
    public static string Duration(TimeSpan budget) =>
        budget.TotalSeconds % 86400 == 0 ? $"{budget.TotalDays:F0}d"
        : budget.TotalSeconds % 3600 == 0 ? $"{budget.TotalHours:F0}h"
        : budget.TotalSeconds % 60 == 0 ? $"{budget.TotalMinutes:F0}m"
        : $"{budget.TotalSeconds:F0}s";

    /// <summary>"1-5, 7, 9-11".</summary>
    public static string Ranges(IReadOnlyList<uint> sorted)
    {
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
                j++;
            parts.Add(i == j ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }
}
