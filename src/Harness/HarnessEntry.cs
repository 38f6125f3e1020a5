using System.Text.Json;
using Microsoft.Coyote.Rewriting;

namespace Padata.Harness;

/// <summary>
/// The entry points <see cref="ControlledHarness"/> calls inside a load context of rewritten
/// assemblies. Only BCL types cross the boundary (JSON strings and a <see cref="TextWriter"/>),
/// because the caller's copies of the harness types are different types from these.
/// </summary>
public static class HarnessEntry
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static string RewriteStatus()
    {
        var status = new[] { typeof(PadataEngine).Assembly, typeof(Padata.Models.MemoryModel).Assembly, typeof(HarnessEntry).Assembly }
            .Select(a => new RewriteStatus(a.GetName().Name!, a.Location, RewritingEngine.IsAssemblyRewritten(a)))
            .ToArray();
        return JsonSerializer.Serialize(status, Json);
    }

    public static string List() =>
        JsonSerializer.Serialize(ScenarioCatalog.All.Select(e => new ScenarioInfo(
            e.Name, e.Scenario.Shape, e.Coverage.ToString(), string.Join(", ", e.Explorations), e.Covers)).ToArray(), Json);

    public static string Check(string requestJson, TextWriter progress)
    {
        CheckRequest request = JsonSerializer.Deserialize<CheckRequest>(requestJson, Json)!;
        var explorer = new Explorer(request.EngineVariant, request.EngineDirectory, request.ScheduleDirectory);
        var results = new List<ExplorationResult>();
        foreach (CatalogEntry entry in ScenarioCatalog.Select(request.Filters))
        {
            bool mustExhaust = entry.Coverage == Coverage.Exhaustive;
            // A strategy of the user's replaces the entry's explorations but keeps what the entry
            // interleaves at: a races/ entry without memory-access points could not find its races.
            bool memoryAccesses = entry.Explorations.Any(e => e.MemoryAccesses);
            IReadOnlyList<ExplorationBudget> explorations =
                request.Strategy is { } strategy
                    ? [new ExplorationBudget(strategy, request.Schedules ?? 1_000, request.Seed ?? 1, MemoryAccesses: memoryAccesses)
                           .WithDfsReduction(Reduction.ThreadStarts)]
                    : entry.Explorations;
            if (request.Reduction is { } reduction)
                explorations = [.. explorations.Select(b => b.WithDfsReduction(reduction))];
            mustExhaust &= request.Strategy is null or Strategy.Dfs;

            foreach (ExplorationBudget budget in explorations)
            {
                progress.WriteLine($"{entry.Name}: {budget} ...");
                ExplorationResult result = explorer.Explore(entry.Scenario, budget) with { MustExhaust = mustExhaust };
                results.Add(result);
                progress.WriteLine($"{entry.Name}: {result.Verdict}, {result.Coverage}, {result.Outcomes.Count} distinct outcome(s), in {result.Elapsed.TotalSeconds:F1}s ({result.SchedulesPerSecond:F0}/s)");
                if (result.Failure is not null)
                {
                    progress.WriteLine("  " + result.Failure.Replace("\n", "\n  "));
                    break;
                }
            }
        }
        return JsonSerializer.Serialize(results, Json);
    }

    public static string Replay(string scheduleFile)
    {
        ScheduleFile file = ScheduleFile.Load(scheduleFile);
        CatalogEntry entry = ScenarioCatalog.Find(file.Scenario);
        var explorer = new Explorer(file.EngineVariant, file.EngineDirectory, Path.GetDirectoryName(Path.GetFullPath(scheduleFile))!);
        ExplorationResult result = explorer.Replay(entry.Scenario, file, out string account);
        return JsonSerializer.Serialize(new ReplayOutcome(file.Scenario, file.Shape, file.EngineVariant, result.Failure, file.Failure, account), Json);
    }

    internal static JsonSerializerOptions Options => Json;
}
