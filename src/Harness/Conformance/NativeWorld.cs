namespace Padata.Harness.Conformance;

/// <summary>
/// The world of one native conformance run: the scenario's own body on real threads, unrewritten,
/// with a locked log, its bookkeeping steps under the log's lock, random delays
/// (<see cref="Perturbation"/>) at the scenario's delay points and long chunks' scheduling points,
/// and its oracles' failures collected instead of ending the run (a failure on a workqueue thread
/// must not turn into a chunk failure the engine would report to the caller).
/// </summary>
internal sealed class NativeWorld : World
{
    private const int KeptFailures = 5;
    private readonly List<string> failures = [];
    private PadataEngine? engine;

    public NativeRecorder Log { get; } = new();

    /// <summary>The engine the run built, once it has (for a hang report).</summary>
    public PadataEngine? Engine => Volatile.Read(ref engine);

    /// <summary>The oracles' failures so far (at most a few).</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (Log.Gate)
                return [.. failures];
        }
    }

    /// <summary>Runs <paramref name="scenario"/> once in this world, and every thread it starts.</summary>
    /// <exception cref="InvalidOperationException">An oracle of the scenario failed.</exception>
    public void Run(Scenario scenario)
    {
        RunIn(this, scenario.Run);
        IReadOnlyList<string> failed = Failures;
        if (failed.Count > 0)
            throw new InvalidOperationException($"{scenario.Name}: the scenario's oracle failed on real threads: " + string.Join(Environment.NewLine, failed));
    }

    public override ExecutionLog NewLog() => Log;

    public override PadataEngine NewEngine(int poolCapacity)
    {
        var built = new PadataEngine(poolCapacity);
        Volatile.Write(ref engine, built);
        return built;
    }

    public override void Assert(bool holds, string message)
    {
        if (holds)
            return;
        lock (Log.Gate)
            if (failures.Count < KeptFailures)
                failures.Add(message);
    }

    public override void Suppress()
    {
    }

    public override void Resume()
    {
    }

    public override void Interleave() => Perturbation.Here();

    public override void Delay() => Perturbation.Here();

    public override ChunkFunction? Delayed(ChunkFunction? undo) =>
        undo is null ? null : (start, end) =>
        {
            Perturbation.Here();
            undo(start, end);
            Perturbation.Here();
        };

    public override void BeginStep() => Monitor.Enter(Log.Gate);

    public override void EndStep() => Monitor.Exit(Log.Gate);
}
