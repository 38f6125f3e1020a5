using System.CommandLine;
using Padata.Harness.Contracts;

namespace Padata.Verify;

/// <summary>
/// <c>merge REPORT...</c>: the reports of a check's shards (<c>check --shard K/N --report FILE</c>)
/// joined into the table, summary and exit code one full run of that check prints. It refuses
/// (exit 2, one line naming the files) reports of different builds, variants, selections or plans,
/// two reports of one shard or covering one unit, and a missing shard.
/// </summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var reports = new Argument<string[]>("report") { Description = "The --report files of every shard of one check.", Arity = ArgumentArity.OneOrMore };
        var junit = ScaleOptions.OutputFile("--junit", "Also write the merged results as JUnit XML to this file.");
        var command = new Command("merge",
            "Join the --report files of a check's shards: print the table and summary of the whole check and exit as it would "
            + "(0 pass, 1 violated, 4 incomplete); exit 2 if the reports are not the shards of one check of one build.")
        {
            reports, junit,
        };
        command.SetAction(parse =>
        {
            var loaded = new List<(string Path, CheckReport Report)>();
            foreach (string file in parse.GetValue(reports)!)
            {
                try
                {
                    loaded.Add((file, CheckReport.Load(file)));
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    throw new UsageException(e.Message);
                }
            }
            Merged merged = Merge(loaded);
            Console.WriteLine(Report.Table(merged.Results));
            Console.WriteLine(Report.Summary(merged.Results, "the shards' schedule directories (each failure names its file)"));
            CheckReport first = loaded[0].Report;
            Console.WriteLine($"merge: {loaded.Count} shard(s) of {first.Shard.N}, build {BuildFingerprint.Short(first.Fingerprint)} ({first.EngineVariant}), "
                              + $"{first.Selection}: {merged.Units} unit(s) run.");
            int failed = merged.Results.Count(r => r.Verdict == Verdict.Fail);
            int incomplete = merged.Results.Count(r => r.Verdict == Verdict.Incomplete);
            if (merged.NotStarted.Count > 0 || merged.StoppedBy.Count > 0)
            {
                Console.WriteLine($"merge: stopped early ({string.Join("; ", merged.StoppedBy)}): {merged.NotStarted.Count} unit(s) not started.");
                incomplete = Math.Max(incomplete, 1);
            }
            if (parse.GetValue(junit) is { } path)
            {
                JUnitReport.Save(path, "padata-verify check (merged)", merged.Results, merged.NotStarted, merged.StoppedBy.FirstOrDefault());
                Console.WriteLine($"merge: JUnit results written to {Path.GetFullPath(path)}");
            }
            return failed > 0 ? ExitCode.Violated : incomplete > 0 ? ExitCode.Incomplete : ExitCode.Passed;
        });
        return command;
    }

    /// <param name="StoppedBy">For each shard stopped early: which, and by what.</param>
    public sealed record Merged(IReadOnlyList<ExplorationResult> Results, int Units, IReadOnlyList<string> NotStarted, IReadOnlyList<string> StoppedBy);

    /// <summary>The shards' results in plan order, after checking the reports are exactly the shards of one check of one build.</summary>
    /// <exception cref="UsageException">They are not.</exception>
    public static Merged Merge(IReadOnlyList<(string Path, CheckReport Report)> reports)
    {
        var (firstPath, first) = reports[0];
        foreach (var (path, report) in reports.Skip(1))
        {
            if (report.Fingerprint != first.Fingerprint)
                throw new UsageException($"'{path}' is from build {BuildFingerprint.Short(report.Fingerprint)} (padata-verify {report.ToolVersion}), "
                                         + $"'{firstPath}' from build {BuildFingerprint.Short(first.Fingerprint)} (padata-verify {first.ToolVersion}): "
                                         + "only the shards of one build merge (run every shard on the same build).");
            if (report.EngineVariant != first.EngineVariant)
                throw new UsageException($"'{path}' checked engine '{report.EngineVariant}', '{firstPath}' engine '{first.EngineVariant}': only the shards of one check merge.");
            if (!report.Selection.Equivalent(first.Selection) || report.Plan != first.Plan)
                throw new UsageException($"'{path}' ran '{report.Selection}', '{firstPath}' ran '{first.Selection}' (plans {Short(report.Plan)} and {Short(first.Plan)}): "
                                         + "only the shards of one check merge (the same scenarios and options on every shard).");
            if (report.Shard.N != first.Shard.N)
                throw new UsageException($"'{path}' is shard {report.Shard} and '{firstPath}' shard {first.Shard}: the shards of one check are all K/N with the same N.");
        }
        foreach (var group in reports.GroupBy(r => r.Report.Shard.K).Where(g => g.Count() > 1))
            throw new UsageException($"overlapping shards: {string.Join(" and ", group.Select(r => $"'{r.Path}'"))} each claim to be shard {group.Key}/{first.Shard.N}.");
        int[] missing = [.. Enumerable.Range(1, first.Shard.N).Except(reports.Select(r => r.Report.Shard.K))];
        if (missing.Length > 0)
            throw new UsageException($"missing shard(s) {string.Join(", ", missing.Select(k => $"{k}/{first.Shard.N}"))}: "
                                     + $"give the report of every shard of the check ({first.Shard.N} in all).");

        var owner = new Dictionary<long, string>();
        foreach (var (path, report) in reports)
        foreach (ReportedUnit unit in report.Units.Concat(report.NotStarted))
        {
            if (owner.TryGetValue(unit.Index, out string? other))
                throw new UsageException($"overlapping shards: '{path}' and '{other}' both hold unit {unit.Index} ({unit.Id}).");
            owner[unit.Index] = path;
        }
        if (first.PlanUnits is { } size && (owner.Count != size || owner.Keys.Any(i => i < 0 || i >= size)))
            throw new UsageException($"the reports hold {owner.Count} unit(s) of a plan of {size}: they are not the whole of one check.");
        foreach (var (path, report) in reports)
            if (report.Explorations.Any(e => !report.Units.Any(u => u.Index == e.Unit)))
                throw new UsageException($"'{path}' has results for a unit it does not list: not a report this tool wrote.");

        return new Merged(
            [.. reports.SelectMany(r => r.Report.Explorations).OrderBy(e => e.Unit).Select(e => e.ToResult())],
            reports.Sum(r => r.Report.Units.Count),
            [.. reports.SelectMany(r => r.Report.NotStarted).OrderBy(u => u.Index).Select(u => u.Id)],
            [.. reports.Where(r => r.Report.StoppedBy is not null).Select(r => $"shard {r.Report.Shard} by {r.Report.StoppedBy}")]);
    }

    private static string Short(string digest) => BuildFingerprint.Short(digest);
}
