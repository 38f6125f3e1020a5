using System.Diagnostics;
using Microsoft.Coyote;
using Microsoft.Coyote.SystematicTesting;

namespace Padata.Harness.Exploration;

/// <summary>
/// Estimates how many schedules a DFS will explore before it starts, by Knuth's method (1975):
/// random probe schedules, each walking one path of the tree DFS walks (the same reduction
/// installed; <see cref="KnuthProbe"/> picks uniformly among what DFS could choose from), weighted
/// by the product of the numbers of choices along it; the estimate is the mean weight
/// (<see cref="ScheduleEstimate"/>: unbiased, but low more often than high on lopsided trees).
/// <para>
/// The probes are schedules of their own, run in a testing engine of their own before the DFS's:
/// the DFS explores and counts exactly what it would without them. Their cost is bounded: at least
/// <see cref="MinProbes"/>, then more only while they stay under <see cref="ShareOfRun"/> of the
/// estimated total, and never more than <see cref="MaxProbes"/>, nor past <see cref="MaxTime"/> once
/// the minimum ran.
/// </para>
/// </summary>
internal static class KnuthEstimator
{
    public const int MinProbes = 20;

    public const int MaxProbes = 200;

    /// <summary>The probes' share of the DFS they estimate, in schedules (once <see cref="MinProbes"/> have run).</summary>
    public const double ShareOfRun = 0.02;

    public static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(10);

    /// <summary>The seed of the probes' walks: the same estimate on every run.</summary>
    private const ulong Seed = 0x5EED_15;

    /// <summary>
    /// The estimate for a DFS of <paramref name="scenario"/> within <paramref name="budget"/>, or null
    /// when none can be made: memory-access interleaving (the probe's own field accesses would be
    /// scheduling points), no probe finished, or <paramref name="cancellation"/> fired first.
    /// </summary>
    public static ScheduleEstimate? Estimate(Scenario scenario, ExplorationBudget budget, CancellationToken cancellation)
    {
        if (budget.Strategy != Strategy.Dfs || budget.MemoryAccesses || cancellation.IsCancellationRequested)
            return null;
        Configuration configuration = Explorer.BaseConfiguration(budget.MaxSteps, memoryAccesses: false)
            .WithTestingIterations(MaxProbes)
            .WithRandomStrategy();
        var clock = Stopwatch.StartNew();
        double sum = 0;
        int probes = 0;
        using TestingEngine engine = TestingEngine.Create(configuration, scenario.Run);
        engine.SetLogger(Explorer.Quiet);
        Reductions.ThreadStartReduction.Install(engine, budget.Reduction);
        KnuthProbe probe = KnuthProbe.Install(engine, Seed);
        engine.RegisterEndIterationCallBack(_ =>
        {
            // A probe that ended in a failure walked a leaf all the same: DFS counts such a schedule too.
            sum += probe.Weight;
            probes++;
            probe.Restart();
            // The clock only cuts the probes short once the minimum ran: a loaded machine slows the
            // probes, and an estimate from fewer of them would differ from run to run.
            bool enough = probes >= MinProbes && (probes >= ShareOfRun * (sum / probes) || clock.Elapsed >= MaxTime);
            if (enough || cancellation.IsCancellationRequested)
                engine.Stop();
        });
        // The probes run the scenario and so write its last log: not while it is being explored elsewhere.
        ScenarioGate.Exclusively(scenario, () => { engine.Run(); return true; });
        clock.Stop();
        return probes == 0 || cancellation.IsCancellationRequested ? null : new ScheduleEstimate(sum / probes, probes, clock.Elapsed);
    }
}
