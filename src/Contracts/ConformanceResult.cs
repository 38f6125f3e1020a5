namespace Padata.Harness.Contracts;

/// <summary>
/// One shape's conformance: the outcomes the controlled exploration found (DFS with the thread-start
/// reduction, and DFS without it when it was run) against the outcomes the native runs produced.
/// The record itself is the comparison: every set below is computed from the three inputs.
/// </summary>
/// <param name="Reduced">DFS with the thread-start reduction (the catalog's exploration of the shape).</param>
/// <param name="Full">DFS without the reduction, or null where it was not run (too large).</param>
public sealed record ConformanceResult(string Scenario, string Shape, ExplorationResult Reduced, ExplorationResult? Full, NativeRuns Native)
{
    /// <summary>Native outcomes the reduced exploration never produced: each one breaks native ⊆ explored.</summary>
    public IReadOnlyList<string> NotExplored => [.. Native.Outcomes.Keys.Where(o => !Reduced.Outcomes.Contains(o)).Order(StringComparer.Ordinal)];

    /// <summary>Native outcomes missing from the reduced set but found without the reduction: the reduction lost a behaviour.</summary>
    public IReadOnlyList<string> LostByReduction => [.. NotExplored.Where(o => Full is not null && Full.Outcomes.Contains(o))];

    /// <summary>
    /// Native outcomes missing from both sets, the full one exhausted: the controlled model lacks an
    /// interleaving real threads have (a scheduling point the rewriter did not insert, or a
    /// harness that differs from the native run).
    /// </summary>
    public IReadOnlyList<string> MissingFromModel =>
        Full is { Exhausted: true } ? [.. NotExplored.Where(o => !Full.Outcomes.Contains(o))] : [];

    /// <summary>Native outcomes missing from the reduced set that no exhausted full exploration can classify.</summary>
    public IReadOnlyList<string> Unclassified =>
        Full is { Exhausted: true } ? [] : [.. NotExplored.Where(o => Full is null || !Full.Outcomes.Contains(o))];

    /// <summary>Outcomes DFS without the reduction found and DFS with it did not (a reduction losing behaviour, native runs or not).</summary>
    public IReadOnlyList<string> ReducedLacks =>
        Full is null ? [] : [.. Full.Outcomes.Where(o => !Reduced.Outcomes.Contains(o)).Order(StringComparer.Ordinal)];

    /// <summary>Explored outcomes (reduced set) that no native run produced: rare natively, or not reachable on real threads.</summary>
    public IReadOnlyList<string> NeverNative => [.. Reduced.Outcomes.Where(o => !Native.Outcomes.ContainsKey(o))];

    /// <summary>Explored outcomes (reduced set) that some native run produced.</summary>
    public int Covered => Reduced.Outcomes.Count(Native.Outcomes.ContainsKey);

    public double Coverage => Reduced.Outcomes.Count == 0 ? 0 : (double)Covered / Reduced.Outcomes.Count;

    /// <summary>Every native outcome is one the reduced exploration found, and every native run finished.</summary>
    public bool NativeWithinExplored => NotExplored.Count == 0 && Native.Failure is null;

    /// <summary>
    /// Fail: a native outcome not explored, a native run that failed or hung, an exploration that
    /// failed, or a full exploration with outcomes the reduced one lacks. Incomplete: otherwise, but the
    /// reduced exploration was not exhausted, so native ⊆ explored was checked against a partial set.
    /// </summary>
    public Verdict Verdict =>
        !NativeWithinExplored || Reduced.Failure is not null || Full?.Failure is not null || ReducedLacks.Count > 0 ? Verdict.Fail
        : !Reduced.Exhausted ? Verdict.Incomplete
        : Verdict.Pass;
}
