namespace Padata.Harness.Contracts;

/// <summary>
/// A catalog shape run natively: the unrewritten engine on real threads, many times, with random
/// delays injected in the scenario's chunk functions and callers (never in the engine).
/// </summary>
/// <param name="Runs">Runs that finished.</param>
/// <param name="Outcomes">
/// Each distinct outcome seen (in the encoding the controlled exploration uses) and how many runs
/// ended in it.
/// </param>
/// <param name="Failure">
/// Why the runs stopped early, or null: a run that did not finish within its bound (naming the
/// shape, the run, the pool and the events so far), an unexpected exception, or a broken invariant.
/// </param>
public sealed record NativeRuns(
    string Scenario,
    string Shape,
    int Runs,
    IReadOnlyDictionary<string, int> Outcomes,
    TimeSpan Elapsed,
    string? Failure = null);
