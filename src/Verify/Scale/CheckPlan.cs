using System.Security.Cryptography;
using System.Text;
using Padata.Harness.Contracts;

namespace Padata.Verify;

/// <summary>
/// What a check runs, as units (<see cref="CheckUnit"/>), and which of them this shard takes.
/// A catalog check has one unit per selected entry, in catalog order; shard K/N takes every Nth
/// entry. A <c>--budget</c> run has an open-ended sequence: for seed s = first, first + 1, ...,
/// one sample per selected entry and strategy; shard K/N takes every Nth seed, so shards never run
/// the same sample. The plan's <see cref="Digest"/> names the whole plan (all shards): reports of
/// different plans are never merged.
/// </summary>
internal sealed class CheckPlan
{
    /// <summary>Samples per seed in a budget run when --schedules is not given.</summary>
    public const uint DefaultBudgetSchedules = 1_000;

    private CheckPlan(IReadOnlyList<string> entries, Shard shard, Strategy? strategy, uint? schedules, uint? seed, TimeSpan? budget)
    {
        Entries = entries;
        Shard = shard;
        Strategy = strategy;
        Schedules = schedules;
        Seed = seed;
        Budget = budget;
        Strategies = budget is null ? [] : strategy is { } s ? [s] : [Padata.Harness.Contracts.Strategy.Pct, Padata.Harness.Contracts.Strategy.Random];
        Digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n",
            [$"budget={budget is not null}", $"strategies={string.Join(",", Strategies)}", .. entries]))));
    }

    /// <summary>The selected catalog entries, in catalog order.</summary>
    public IReadOnlyList<string> Entries { get; }

    public Shard Shard { get; }

    public Strategy? Strategy { get; }

    public uint? Schedules { get; }

    public uint? Seed { get; }

    /// <summary>A time-boxed sampling run: no unit starts after this much time.</summary>
    public TimeSpan? Budget { get; }

    /// <summary>The strategies each seed is sampled with in a budget run.</summary>
    public IReadOnlyList<Strategy> Strategies { get; }

    public string Digest { get; }

    /// <summary>Units in the whole plan (all shards); null for a budget run, which has no end.</summary>
    public long? Size => Budget is null ? Entries.Count : null;

    /// <param name="catalog">The build's catalog, in order.</param>
    /// <param name="filters">Names or prefixes (already checked to match); none: every entry (in a budget run, every sampled entry).</param>
    public static CheckPlan Create(IReadOnlyList<ScenarioInfo> catalog, IReadOnlyList<string> filters, Shard shard,
                                   Strategy? strategy, uint? schedules, uint? seed, TimeSpan? budget)
    {
        IEnumerable<ScenarioInfo> chosen = filters.Count > 0
            ? catalog.Where(s => filters.Any(f => s.Name == f || s.Name.StartsWith(f, StringComparison.Ordinal)))
            : budget is null ? catalog : catalog.Where(s => s.Coverage == Coverage.Sampled);
        return new CheckPlan([.. chosen.Select(s => s.Name)], shard, strategy, schedules, seed, budget);
    }

    /// <summary>This shard's units in plan order (endless in a budget run: the budget ends it).</summary>
    public IEnumerable<CheckUnit> Units()
    {
        if (Budget is null)
        {
            for (int i = 0; i < Entries.Count; i++)
                if (Shard.Takes(i))
                    yield return new CheckUnit(i, Entries[i], Entries[i], Strategy, Schedules, Seed);
            yield break;
        }
        if (Entries.Count == 0)
            yield break;
        uint first = Seed ?? 1;
        uint schedules = Schedules ?? DefaultBudgetSchedules;
        long perSeed = (long)Entries.Count * Strategies.Count;
        for (long offset = 0; first + offset <= uint.MaxValue; offset++)
        {
            if (!Shard.Takes(offset))
                continue;
            uint seed = (uint)(first + offset);
            for (int e = 0; e < Entries.Count; e++)
            for (int s = 0; s < Strategies.Count; s++)
            {
                string strategy = Strategies[s].ToString().ToLowerInvariant();
                yield return new CheckUnit(offset * perSeed + e * Strategies.Count + s, $"{Entries[e]} {strategy} seed {seed}",
                                           Entries[e], Strategies[s], schedules, seed);
            }
        }
    }
}
