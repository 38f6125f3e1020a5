namespace Padata.Harness.Scenarios;

/// <summary>
/// A scenario's callers: caller 0 on the thread running the scenario, each other caller on a thread
/// of its own, started (in order) before caller 0 begins; returns once every caller has returned
/// (a caller left waiting shows up as a deadlock instead of vanishing with the schedule).
/// <para>
/// Its scheduling points are the threads' starts and joins, as when each scenario wrote the loop
/// itself. Under memory-access interleaving the harness's field accesses around them are
/// scheduling points too, and these differ from a scenario's own loop (its parameters were read
/// through the closure of each thread): the <c>races/</c> entries of the scenarios calling here
/// sample other schedules than they did with the loop inline.
/// </para>
/// </summary>
internal static class CallerThreads
{
    /// <summary>Runs <paramref name="runCaller"/> for callers 0 to <paramref name="count"/> − 1 and joins them.</summary>
    public static void Run(int count, Action<int> runCaller)
    {
        var others = new Thread[count - 1];
        for (int c = 1; c < count; c++)
            others[c - 1] = Start(runCaller, c);
        runCaller(0);
        foreach (Thread other in others)
            other.Join();
    }

    // The thread's closure is made here, not in Run: a parameter a lambda captures lives in a field,
    // and under memory-access interleaving every field access of the harness is a scheduling point,
    // so caller 0 of a one-caller scenario would gain two.
    private static Thread Start(Action<int> runCaller, int caller)
    {
        var thread = new Thread(() => runCaller(caller));
        thread.Start();
        return thread;
    }
}
