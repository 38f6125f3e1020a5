using System.Runtime.CompilerServices;

namespace Padata.Properties;

/// <summary>
/// An engine for one test whose every wait is bounded (<see cref="Bounded"/>): jobs, other work
/// that waits on the engine (<see cref="Run{T}"/>), and the disposal, which joins the workqueue
/// threads. Created with the name of the test that owns it, so a hang names the test.
/// </summary>
internal sealed class BoundedEngine(int poolCapacity, [CallerMemberName] string member = "", [CallerFilePath] string file = "") : IDisposable
{
    private readonly string test = Bounded.TestName(member, file);

    public PadataEngine Engine { get; } = new(poolCapacity);

    public int PoolAvailable => Engine.PoolAvailable;

    /// <summary><see cref="PadataEngine.DoMultithreaded"/>, bounded; a hang names the job's shape.</summary>
    /// <param name="expectedHangAfter">Only for tests of the bound itself: the bound, and a timeout that does not count as a hang of the run.</param>
    public JobResult DoMultithreaded(MultithreadedJob job, TimeSpan? expectedHangAfter = null) =>
        Bounded.Call(() => Engine.DoMultithreaded(job), Engine, $"{job} on a pool of {poolCapacity}", expectedHangAfter, test,
                     hangExpected: expectedHangAfter is not null);

    /// <summary>Anything that waits on the engine (page init, several jobs), bounded.</summary>
    public T Run<T>(string what, Func<PadataEngine, T> body) => Bounded.Call(() => body(Engine), Engine, what, test);

    /// <summary>
    /// Disposes the engine, bounded. After a hang already reported, the workqueue threads are stuck
    /// and joining them would hang again: the engine is left to the process (its threads are
    /// background threads), so the failure the test reports is the first one.
    /// </summary>
    public void Dispose()
    {
        if (Bounded.HasHung)
            return;
        Bounded.Call(() => { Engine.Dispose(); return 0; }, Engine, "Dispose (joining the workqueue threads)", test);
    }
}
