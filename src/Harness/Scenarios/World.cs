namespace Padata.Harness.Scenarios;

/// <summary>
/// Where a scenario runs: under the controlled scheduler (every schedule an exploration runs, on the
/// rewritten harness) or natively on real threads (the conformance check's runs, on the unrewritten
/// one). A scenario's body is one program for both: it reaches everything that differs between them
/// (its oracles' verdicts, the scheduling points it adds or suppresses, the delays native runs
/// inject, its log, the steps its bookkeeping must take atomically) through <see cref="Current"/>,
/// so the native runs drive the very jobs, chunk functions, events and checks that were explored,
/// and the two cannot drift apart.
/// <para>
/// The controlled world adds nothing to a schedule: every member forwards to the Coyote call the
/// scenarios made before, or does nothing. <see cref="Current"/> is a static property and every
/// member a virtual call on its result, so even under memory-access interleaving (which puts a
/// scheduling point before every field access and branch of the harness, but not in property
/// accessors) a scenario reaching its world gains no scheduling point.
/// </para>
/// </summary>
internal abstract class World
{
    // Flows to every thread a native run starts (callers, the disposer, the engine's workqueue
    // threads: Thread.Start captures the starter's execution context), never set under control.
    private static readonly AsyncLocal<World?> NativeRun = new();

    /// <summary>The native run the current thread belongs to, or the controlled world.</summary>
    public static World Current => NativeRun.Value ?? ControlledWorld.Instance;

    /// <summary>Runs <paramref name="body"/> (one native run) in <paramref name="world"/>, and every thread it starts with it.</summary>
    protected static void RunIn(World world, Action body)
    {
        World? outer = NativeRun.Value;
        NativeRun.Value = world;
        try
        {
            body();
        }
        finally
        {
            NativeRun.Value = outer;
        }
    }

    /// <summary>The log of this run (unsynchronized under control, see <see cref="ExecutionLog"/>; locked natively).</summary>
    public abstract ExecutionLog NewLog();

    /// <summary>The engine of this run (a native run reports its pool if it hangs).</summary>
    public virtual PadataEngine NewEngine(int poolCapacity) => new(poolCapacity);

    /// <summary>An oracle's verdict: under control it fails the schedule; natively the run is reported failed, with the message.</summary>
    public abstract void Assert(bool holds, string message);

    /// <summary>From here to <see cref="Resume"/> the controlled scheduler makes no choice (nothing natively).</summary>
    public abstract void Suppress();

    public abstract void Resume();

    /// <summary>A long chunk's scheduling point (natively, a random delay).</summary>
    public abstract void Interleave();

    /// <summary>
    /// A point in a scenario's chunk, undo function or caller where native runs wait a random short
    /// while, so that interleavings rare on real threads occur; nothing under control (the scheduler
    /// already chooses at every visible step).
    /// </summary>
    public abstract void Delay();

    /// <summary>
    /// A model's undo function as a scenario hands it to the engine: natively between two delay
    /// points; under control <paramref name="undo"/> itself (no wrapper, so no field access or
    /// branch of the harness's inside it).
    /// </summary>
    public abstract ChunkFunction? Delayed(ChunkFunction? undo);

    /// <summary>
    /// Begins one step of the scenario's bookkeeping (a ledger's counters and lists, shared by the
    /// threads running chunks), ended by <see cref="EndStep"/> in a <c>finally</c>. Nothing under
    /// control, where exactly one thread runs between scheduling points and the step contains none;
    /// a lock natively. Never around a call into the engine or a model.
    /// </summary>
    public abstract void BeginStep();

    public abstract void EndStep();

    /// <summary><paramref name="update"/> as one step of the current world (see <see cref="BeginStep"/>).</summary>
    public static void InStep(Action update)
    {
        World world = Current;
        world.BeginStep();
        try
        {
            update();
        }
        finally
        {
            world.EndStep();
        }
    }
}
