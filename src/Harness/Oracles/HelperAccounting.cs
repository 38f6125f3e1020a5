namespace Padata.Harness.Oracles;

/// <summary>
/// Renice-or-cancel's account of the helpers (docs/design.md §7.2), checked once every job has
/// returned and <see cref="PadataEngine.Dispose"/> has joined the workqueue threads. The engine counts
/// twice, on the two sides of the protocol: its callers count the helpers they cancelled
/// (<see cref="EngineState.HelpersCancelled"/>), its workqueues the helpers they ran and those they
/// found cancelled (<see cref="EngineState.HelpersRun"/>, <see cref="EngineState.HelpersFoundCancelled"/>).
/// Expected: no workqueue thread left raised; every helper a caller cancelled was found cancelled by
/// the workqueue and did nothing (a helper both cancelled and run, or one counted out that was never
/// queued, makes the two sides differ); and, where the scenario knows from the kernel rule
/// (tests/Reference) how many helpers were queued, every one of them ran or was cancelled, exactly
/// one of the two (or, where a job may have had its helpers refused, no more than that).
/// </summary>
internal static class HelperAccounting
{
    /// <param name="state">The engine's state after Dispose returned.</param>
    /// <param name="queued">Helpers queued by the kernel rule, or null if the scenario cannot know them.</param>
    /// <param name="atMost">True if <paramref name="queued"/> is only a bound (a job may have had its helpers refused).</param>
    public static void AfterDispose(EngineState state, int? queued, bool atMost = false)
    {
        World world = World.Current;
        world.Assert(state.RaisedWorkerThreads == 0,
            $"After every job returned and Dispose joined the workqueue, {state.RaisedWorkerThreads} workqueue thread(s) are still raised above the lowest priority.");
        world.Assert(state.HelpersFoundCancelled == state.HelpersCancelled,
            $"The callers cancelled {state.HelpersCancelled} helper(s), but the workqueue found {state.HelpersFoundCancelled} cancelled (and ran {state.HelpersRun}): " +
            "every helper cancelled must have been queued and do nothing when a thread takes it, exactly one of run and cancelled.");
        if (queued is not { } expected)
            return;
        int accounted = state.HelpersRun + state.HelpersCancelled;
        world.Assert(atMost ? accounted <= expected : accounted == expected,
            $"{expected} helper(s) {(atMost ? "at most " : "")}were queued (the kernel rule's grant), but the workqueue ran {state.HelpersRun} and the callers cancelled {state.HelpersCancelled}: " +
            "each must have run or been cancelled, exactly one of the two.");
    }
}
