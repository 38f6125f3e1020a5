namespace Padata.Systematic;

/// <summary>
/// How one known-bad variant fares under the harness: the schedules the default check runs until
/// it fails (the catalog's explorations of the scenario that catches it, in order), the schedules
/// to detection of DFS and of PCT and random over <see cref="Seeds"/> seeds each, and whether the
/// schedule the default check saved replays to the same failure every time.
/// </summary>
/// <param name="DefaultStrategy">The exploration of the default check that failed; null when none did (escaped).</param>
/// <param name="DefaultSchedules">Schedules the default check ran up to and including the failing one, over all its explorations.</param>
/// <param name="Dfs">Schedules to detection of DFS (it has no seed: one number), or null if not found within <see cref="Cap"/>.</param>
/// <param name="Pct">Schedules to detection of PCT for seeds 1..<see cref="Seeds"/>; null where not found within <see cref="Cap"/>.</param>
/// <param name="Random">The same for random.</param>
/// <param name="Reproduced">How many of <see cref="Replays"/> replays of the saved schedule reproduced its failure.</param>
/// <param name="Failure">The first line of the failure the default check reported (with its first item when that line introduces a list).</param>
public sealed record BugZooMeasurement(
    KnownBadVariant Variant,
    string? DefaultStrategy,
    int DefaultSchedules,
    int? Dfs,
    IReadOnlyList<int?> Pct,
    IReadOnlyList<int?> Random,
    int Reproduced,
    string Failure)
{
    /// <summary>Schedules one statistics exploration may run before the variant counts as not found by it.</summary>
    public const uint Cap = 10_000;

    public const int Seeds = 10;

    public const int Replays = 3;

    public bool Caught => DefaultStrategy is not null;

    public bool ReplaysDeterministically => Caught && Reproduced == Replays;

    public static BugZooMeasurement Measure(KnownBadVariant variant, TextWriter progress)
    {
        var (harness, check) = Controlled.ForVariant(variant);
        CheckRequest Request(Strategy? strategy, uint? schedules, uint? seed) =>
            check with { Strategy = strategy, Schedules = schedules, Seed = seed };

        IReadOnlyList<ExplorationResult> defaults = harness.Check(Request(null, null, null), progress);
        ExplorationResult? caught = defaults.FirstOrDefault(r => r.Failure is not null);
        int defaultSchedules = SchedulesUntilFailure(defaults);

        int? Detection(Strategy strategy, uint seed)
        {
            ExplorationResult? found = harness.Check(Request(strategy, Cap, seed), TextWriter.Null).FirstOrDefault(r => r.Failure is not null);
            return found?.Schedules;
        }
        int? dfs = Detection(Strategy.Dfs, 1);
        int?[] pct = Enumerable.Range(1, Seeds).Select(seed => Detection(Strategy.Pct, (uint)seed)).ToArray();
        int?[] random = Enumerable.Range(1, Seeds).Select(seed => Detection(Strategy.Random, (uint)seed)).ToArray();

        int reproduced = caught?.ScheduleFile is { } file ? Enumerable.Range(0, Replays).Count(_ => harness.Replay(file).Reproduced) : 0;
        string failure = caught?.Failure is { } text ? Headline(text) : "(no failure)";
        var measurement = new BugZooMeasurement(variant, caught?.Exploration.ToString(), defaultSchedules, dfs, pct, random, reproduced, failure);
        progress.WriteLine($"{variant.Name}: {(measurement.Caught ? "caught" : "ESCAPED")}; default {defaultSchedules}, dfs {Show(dfs)}, " +
                           $"pct {Summary(pct)}, random {Summary(random)}, replays {reproduced}/{Replays}");
        return measurement;
    }

    private static string Headline(string failure)
    {
        string[] lines = failure.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return lines.Length > 1 && lines[0].EndsWith(':') ? $"{lines[0]} {lines[1]} …" : lines[0];
    }

    /// <summary>Schedules a check ran up to and including its first failing one (all of them if none failed), over its explorations in order.</summary>
    public static int SchedulesUntilFailure(IReadOnlyList<ExplorationResult> results) =>
        results.TakeWhile(r => r.Failure is null).Sum(r => r.Schedules) + (results.FirstOrDefault(r => r.Failure is not null)?.Schedules ?? 0);

    /// <summary>"median / max (found/seeds)", or what was found when some seeds missed.</summary>
    public static string Summary(IReadOnlyList<int?> counts)
    {
        int[] found = counts.Where(c => c is not null).Select(c => c!.Value).Order().ToArray();
        if (found.Length == 0)
            return $"not within {Cap:N0} (0/{counts.Count})";
        double median = Statistics.Median(found.Select(n => (double)n));
        string missed = found.Length == counts.Count ? "" : $", {counts.Count - found.Length} seed(s) not within {Cap:N0}";
        return $"{median:0.#} / {found[^1]} ({found.Length}/{counts.Count}{missed})";
    }

    public static string Show(int? schedules) => schedules is { } n ? n.ToString("N0") : $"not within {Cap:N0}";
}
