using System.Diagnostics;
using System.Reflection;
using Microsoft.Coyote;
using Microsoft.Coyote.SystematicTesting;

namespace Padata.Harness.Exploration;

/// <summary>
/// Runs scenarios under Coyote's controlled scheduler. Every run disallows partially controlled
/// concurrency (an uncontrolled thread or wait fails loudly instead of escaping the scheduler),
/// treats a schedule that exceeds its step bound as a livelock, and has telemetry off.
/// </summary>
/// <param name="fingerprint">The explored build's fingerprint, recorded in every schedule file.</param>
/// <param name="toolVersion">The tool's version, recorded in every schedule file.</param>
internal sealed class Explorer(string engineVariant, string engineDirectory, string scheduleDirectory, string fingerprint = "", string toolVersion = "")
{
    /// <summary>Coyote 1.7.11 has a DFS strategy but keeps its switch internal.</summary>
    private static readonly MethodInfo WithDfsStrategy =
        typeof(Configuration).GetMethod("WithDFSStrategy", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingMethodException(
            "Microsoft.Coyote.Configuration.WithDFSStrategy is gone: this harness needs Coyote 1.7.11's internal DFS strategy.");

    /// <summary>How often at most an exploration reports its progress.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Explores <paramref name="scenario"/> within <paramref name="budget"/>, telling
    /// <paramref name="running"/> the schedules done at most every <see cref="ProgressInterval"/>;
    /// when <paramref name="cancellation"/> fires it stops after the schedule it is in, and the
    /// result is marked interrupted (never exhausted).
    /// </summary>
    /// <param name="keep">Stop at this schedule and save it, passing (<c>check --save-schedule</c>), if no schedule failed before it.</param>
    /// <param name="prefix">Explore only the DFS's part below this prefix of branching choices (<see cref="PrefixPin"/>).</param>
    /// <param name="estimate">Before a DFS, estimate its total (<see cref="KnuthEstimator"/>) for <paramref name="running"/> and the result.</param>
    public ExplorationResult Explore(Scenario scenario, ExplorationBudget budget, Action<int, TimeSpan, ScheduleEstimate?>? running = null,
                                     CancellationToken cancellation = default, int? keep = null, bool estimate = false, int[]? prefix = null)
    {
        if (budget.Reduction != Reduction.None && (budget.Strategy != Strategy.Dfs || budget.MemoryAccesses))
            throw new ArgumentException($"A reduction applies to DFS without memory-access interleaving only, not to {budget}.", nameof(budget));
        Configuration configuration = BaseConfiguration(budget.MaxSteps, budget.MemoryAccesses)
            .WithTestingIterations(budget.MaxSchedules)
            .WithRandomGeneratorSeed(budget.Seed);
        // No Coyote testing timeout: it overrides the iteration budget (Coyote then samples until
        // the time is up), and a wall clock cannot tell "explored everything" from "ran out of
        // time". Every exploration is bounded by its schedule count alone, which is repeatable.
        configuration = budget.Strategy switch
        {
            Strategy.Dfs => (Configuration)WithDfsStrategy.Invoke(configuration, null)!,
            Strategy.Pct => configuration.WithPrioritizationStrategy(false, budget.PctChangePoints),
            Strategy.Random => configuration.WithRandomStrategy(),
            // Coyote 1.7.11 has no switch for the portfolio: it is the default (PortfolioMode.Fair)
            // of a configuration on which no strategy was set, which is what this one is.
            Strategy.Portfolio => configuration,
            _ => throw new ArgumentOutOfRangeException(nameof(budget), budget.Strategy, "unknown strategy"),
        };

        // Its own schedules, before the DFS's engine exists: nothing the DFS explores depends on them.
        ScheduleEstimate? total = estimate && keep is null ? KnuthEstimator.Estimate(scenario, budget, cancellation) : null;
        var (failure, schedules, iterations, trace, elapsed, outcomes, interrupted) =
            Run(configuration, scenario, budget.Reduction, running is null ? null : (done, time) => running(done, time, total), cancellation, keep,
                prefix is null || budget.Strategy != Strategy.Dfs || budget.MemoryAccesses ? null : engine =>
                {
                    PrefixPin pin = PrefixPin.Install(engine, prefix, pinRest: false);
                    engine.RegisterEndIterationCallBack(_ => pin.Restart(prefix));
                });

        // The schedule to keep ended with the harness's own marker assertion, not a property's.
        string? kept = null;
        if (keep is { } number && failure is not null && failure.Contains(ScheduleFile.KeptPassingPrefix, StringComparison.Ordinal))
        {
            kept = SaveSchedule(scenario, budget, ScheduleFile.KeptPassing(number), trace, $"kept{number}-");
            failure = null;
        }

        // DFS stops by itself only when no schedule is left; stopping below the iteration budget
        // is therefore exhaustion (unless it was stopped). Anything else is a sample, however large.
        bool exhausted = budget.Strategy == Strategy.Dfs && failure is null && kept is null && !interrupted && iterations < budget.MaxSchedules;

        string? file = failure is null ? null : SaveSchedule(scenario, budget, failure, trace);
        return new ExplorationResult(scenario.Name, scenario.Shape, budget, schedules, exhausted, elapsed,
            file is null ? null : Report.FailureWithReplay(failure!, file), file, file is null ? null : Report.ReplayCommand(file))
            { Outcomes = outcomes, Interrupted = interrupted, KeptSchedule = kept, Estimate = total };
    }

    /// <summary>
    /// Runs exactly the schedule in <paramref name="file"/> once: the failure that schedule produced
    /// now (null if it passed), and the readable account of what happened in it.
    /// </summary>
    public (string? Failure, string Account, Timeline Timeline) Replay(Scenario scenario, ScheduleFile file) =>
        // The account and timeline read the scenario's last log after the run (the gate is re-entrant).
        ScenarioGate.Exclusively(scenario, () => ReplayAlone(scenario, file));

    private (string? Failure, string Account, Timeline Timeline) ReplayAlone(Scenario scenario, ScheduleFile file)
    {
        Configuration configuration = BaseConfiguration(file.MaxSteps, file.MemoryAccesses)
            .WithTestingIterations(1)
            .WithReproducibleTrace(file.CoyoteTrace);
        // The trace names the operation chosen at every step, and it is enabled with or without
        // the reduction the schedule was found under, so a replay needs none. The observer of the
        // decisions narrows nothing (and is left out under memory-access interleaving).
        ScheduleObserver? observer = null;
        var (failure, _, _, _, _, _, _) = Run(configuration, scenario, Reduction.None, null, CancellationToken.None, null,
            file.MemoryAccesses ? null : engine => observer = ScheduleObserver.Install(engine, () => scenario.LastLog));
        Timeline timeline = TimelineBuilder.Build(scenario, file.EngineVariant, scenario.LastLog, observer?.Decisions, failure);
        return (failure, scenario.LastLog?.Account() ?? "(the schedule recorded no events)", timeline);
    }

    /// <summary>
    /// Runs the testing engine. The failure is the first bug found, or a Coyote internal error;
    /// schedules counts the schedules that ran to the end or to that failure, iterations what
    /// Coyote counted; the outcomes are the distinct <see cref="ExecutionLog.Outcome"/>s of the
    /// schedules that ran to the end.
    /// </summary>
    private static (string? Failure, int Schedules, int Iterations, string Trace, TimeSpan Elapsed, IReadOnlyList<string> Outcomes, bool Interrupted) Run(
        Configuration configuration, Scenario scenario, Reduction reduction, Action<int, TimeSpan>? running, CancellationToken cancellation,
        int? keep = null, Action<TestingEngine>? observe = null) =>
        // The outcomes are read from the scenario's last log between schedules: no other
        // exploration of the same scenario may write it meanwhile (tests explore in parallel).
        ScenarioGate.Exclusively(scenario, () => RunAlone(configuration, scenario, reduction, running, cancellation, keep, observe));

    private static (string? Failure, int Schedules, int Iterations, string Trace, TimeSpan Elapsed, IReadOnlyList<string> Outcomes, bool Interrupted) RunAlone(
        Configuration configuration, Scenario scenario, Reduction reduction, Action<int, TimeSpan>? running, CancellationToken cancellation,
        int? keep, Action<TestingEngine>? observe)
    {
        bool interrupted = false;
        TimeSpan nextReport = ProgressInterval;
        var clock = Stopwatch.StartNew();
        bool finished = false, lastFinished = false;
        int completed = 0;
        // A schedule to keep is made to "fail" once it has passed, so Coyote hands back its trace. A
        // body of its own: under memory-access interleaving every field read in the body is a
        // scheduling point, and the ordinary body must not gain one.
        using TestingEngine engine = keep is not { } number
            ? TestingEngine.Create(configuration, () =>
            {
                scenario.Run();
                finished = true;
            })
            : TestingEngine.Create(configuration, () =>
            {
                scenario.Run();
                finished = true;
                if (completed + 1 == number)
                    Microsoft.Coyote.Specifications.Specification.Assert(false, ScheduleFile.KeptPassing(number));
            });
        engine.SetLogger(Quiet);
        if (scenario.BusyMachineJudge is { } busyMachine)
            BusyMachine.Install(engine, busyMachine);
        ThreadStartReduction.Install(engine, reduction);
        observe?.Invoke(engine);
        var outcomes = new SortedSet<string>(StringComparer.Ordinal);
        engine.RegisterEndIterationCallBack(_ =>
        {
            // DFS finds out that no schedule is left only inside one more iteration, which it
            // abandons at its first scheduling decision: Coyote counts that stub, this does not.
            if (finished)
            {
                completed++;
                outcomes.Add(scenario.LastLog?.Outcome() ?? "");
            }
            lastFinished = finished;
            finished = false;
            if (running is not null && clock.Elapsed >= nextReport)
            {
                nextReport = clock.Elapsed + ProgressInterval;
                running(completed, clock.Elapsed);
            }
            // Between schedules, never inside one: the schedules counted are whole.
            if (cancellation.IsCancellationRequested && !interrupted)
            {
                interrupted = true;
                engine.Stop();
            }
        });
        engine.Run();
        clock.Stop();
        TestReport report = engine.TestReport;
        string? failure = report.BugReports.FirstOrDefault()
                          ?? (report.InternalErrors.Count > 0 ? "Coyote internal error: " + string.Join("; ", report.InternalErrors) : null);
        // A failing schedule is the last one run; it usually stops inside an oracle, unfinished.
        int schedules = completed + (failure is not null && !lastFinished ? 1 : 0);
        int iterations = report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths;
        return (failure, schedules, iterations, engine.ReproducibleTrace, clock.Elapsed, [.. outcomes], interrupted);
    }

    /// <summary>Coyote's own progress lines ("Iteration #N") would drown the harness's report.</summary>
    internal static readonly Microsoft.Coyote.Logging.ILogger Quiet =
        new Microsoft.Coyote.Logging.TextWriterLogger(TextWriter.Null, Microsoft.Coyote.Logging.VerbosityLevel.None);

    /// <summary>
    /// How long (ms) a schedule may make no scheduling step before Coyote's periodic monitor calls it
    /// a potential deadlock or hang. A real deadlock of controlled threads is found at once, without
    /// it; the monitor only catches a thread stuck outside the scheduler. Coyote's default, 1 s, was
    /// passed on a heavily loaded machine by a check worker (which runs on one CPU) in the first
    /// schedule of an exploration, and reported as a failure.
    /// </summary>
    private const uint StallTimeoutMs = 10_000;

    internal static Configuration BaseConfiguration(uint maxSteps, bool memoryAccesses) =>
        Configuration.Create()
            .WithDeadlockTimeout(StallTimeoutMs)
            .WithMemoryAccessRaceCheckingEnabled(memoryAccesses)
            .WithTelemetryEnabled(false)
            .WithConsoleLoggingEnabled(false)
            .WithPartiallyControlledConcurrencyAllowed(false)
            .WithMaxSchedulingSteps(maxSteps)
            .WithFailureOnMaxStepsBoundEnabled(true);

    private string SaveSchedule(Scenario scenario, ExplorationBudget budget, string failure, string trace, string kind = "")
    {
        string stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss-fff");
        string strategy = budget.Strategy.ToString().ToLowerInvariant();
        string path = Path.Combine(scheduleDirectory, $"{Sanitize(engineVariant)}--{Sanitize(scenario.Name)}--{strategy}-{kind}{stamp}.json");
        new ScheduleFile(ScheduleFile.CurrentFormat, scenario.Name, scenario.Shape, budget.ToString(), engineVariant,
                         Path.GetFullPath(engineDirectory), fingerprint, toolVersion, budget.MaxSteps, budget.MemoryAccesses, failure, trace, DateTimeOffset.UtcNow).Save(path);
        return Path.GetFullPath(path);
    }

    private static string Sanitize(string name) =>
        string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
