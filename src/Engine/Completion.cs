namespace Padata;

/// <summary>
/// A one-shot completion, the kernel's <c>struct completion</c>: one party calls
/// <see cref="Complete"/> once, another sleeps in <see cref="Wait"/> until it has.
/// A semaphore that starts empty: completing before the wait is remembered (no lost wake-up),
/// and the completer never needs the job lock, so it signals after leaving it.
/// </summary>
internal sealed class Completion
{
    private readonly SemaphoreSlim signal = new(0, 1);

    /// <summary>Signals the waiter; must be called exactly once.</summary>
    public void Complete() => signal.Release();

    public void Wait() => signal.Wait();
}
