namespace Padata.Harness.Contracts;

/// <summary>
/// One exploration or replay of a scenario at a time in a process. A scenario is one object that
/// keeps the log of its last schedule, read by the exploration between schedules; two explorations
/// of it at once (test classes run in parallel, each exploring catalog entries) would read each
/// other's logs and record outcomes that no schedule of either had. Explorations of different
/// scenarios still run at once.
/// </summary>
/// <remarks>
/// Here, in the assembly that is never rewritten, so the lock is the runtime's own and never a
/// scheduling point of the controlled scheduler, whichever thread takes it.
/// </remarks>
public static class ScenarioGate
{
    /// <summary>Runs <paramref name="body"/> while no other thread runs a body for the same <paramref name="scenario"/>.</summary>
    public static T Exclusively<T>(object scenario, Func<T> body)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(body);
        // The scenario object itself is the lock: it is private to its load context (one per
        // engine variant), so explorations of the same entry under different variants never wait
        // for each other, and scenarios lock nothing of their own.
        lock (scenario)
            return body();
    }
}
