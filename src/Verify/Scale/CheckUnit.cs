using Padata.Harness.Contracts;

namespace Padata.Verify;

/// <summary>
/// One independent piece of a check: every exploration of one catalog entry (the catalog's, or
/// the one the user's <c>--strategy</c> names), or in a <c>--budget</c> run one sample of one entry
/// with one seed. A unit's result does not depend on which process runs it or on what ran before
/// it there, so units can run in any order, in parallel, on other machines.
/// </summary>
/// <param name="Index">Its place in the whole plan (all shards): results are reported in this order.</param>
/// <param name="Id">Unique within the plan: the entry's name, and for a sample its strategy and seed.</param>
internal sealed record CheckUnit(long Index, string Id, string Scenario, Strategy? Strategy, uint? Schedules, uint? Seed)
{
    /// <summary>The check request that runs exactly this unit: the entry by its whole name.</summary>
    public CheckRequest Request(CheckRequest check) =>
        check with { Filters = [Scenario], Strategy = Strategy, Schedules = Schedules, Seed = Seed, ExactNames = true };
}
