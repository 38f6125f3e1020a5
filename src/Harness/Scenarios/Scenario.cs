namespace Padata.Harness.Scenarios;

/// <summary>
/// One thing to explore: a body the controlled scheduler runs once per schedule, whose oracles
/// fail through <c>Specification.Assert</c>. A scenario is plain data plus that body, so a
/// schedule file can name it and a replay can rebuild it.
/// </summary>
internal abstract class Scenario
{
    /// <summary>Unique within a catalog; schedule files refer to scenarios by it.</summary>
    public abstract string Name { get; }

    /// <summary>The shape in one line, for tables and reports.</summary>
    public abstract string Shape { get; }

    /// <summary>The events of the most recent schedule run (for the account a replay prints).</summary>
    public ExecutionLog? LastLog { get; protected set; }

    /// <summary>
    /// The busy-machine model this scenario is explored under (renice-or-cancel: workqueue threads
    /// get no CPU while the caller works), or null for the ordinary scheduler (see <see cref="Reductions.BusyMachine"/>).
    /// </summary>
    public virtual BusyMachine.Judge? BusyMachineJudge => null;

    /// <summary>
    /// Whether a run's log says what the run decided (which worker ran which chunk of each job, how
    /// each caller came back: <see cref="ExecutionLog.Encode"/>), so that native runs of an
    /// exhaustive entry can be held to its explored outcomes (the conformance check).
    /// </summary>
    public virtual bool RunsJobs => true;

    /// <summary>
    /// Runs one schedule (called by the testing engine, once per iteration), or one native run
    /// (<see cref="World"/>: the body reaches its world through <see cref="World.Current"/>).
    /// </summary>
    public abstract void Run();

    /// <summary>
    /// The start of a run whose only caller is the thread running it: the run's log (kept as
    /// <see cref="LastLog"/>), with that thread named <c>caller/0</c> in it.
    /// </summary>
    protected ExecutionLog BeginOneCallerRun()
    {
        var log = World.Current.NewLog();
        LastLog = log;
        ExecutionLog.NameCurrentThread("caller/0");
        return log;
    }

    /// <summary>
    /// The start of a run on one engine of <paramref name="poolCapacity"/> work items
    /// (<see cref="World.NewEngine"/>): the run's <paramref name="log"/> (kept as
    /// <see cref="LastLog"/>) and the engine, built with no scheduling choice. Until a job is
    /// submitted this thread does nothing another thread can see (it builds objects, and the engine
    /// starts its workqueue threads), so letting a started thread run first or later is the same
    /// interleaving up to the next visible step, where the scheduler does choose.
    /// </summary>
    protected PadataEngine BeginEngineRun(int poolCapacity, out ExecutionLog log) =>
        BeginEngineRun(() => World.Current.NewEngine(poolCapacity), out log);

    /// <summary>The same with the engine <paramref name="build"/> makes (one with a topology and helper limits).</summary>
    protected PadataEngine BeginEngineRun(Func<PadataEngine> build, out ExecutionLog log)
    {
        log = World.Current.NewLog();
        LastLog = log;
        World.Current.Suppress();
        PadataEngine engine = build();
        World.Current.Resume();
        return engine;
    }

    public override string ToString() => $"{Name} ({Shape})";
}
