namespace Padata;

/// <summary>
/// A one-shot completion, the kernel's <c>struct completion</c>: one party calls
/// <see cref="Complete"/>, another sleeps in <see cref="Wait"/> until it has.
/// Its own lock, not the job lock, so the worker that completes the job has already left the job
/// lock and the woken caller never has to contend for it.
/// </summary>
internal sealed class Completion
{
    private readonly object gate = new();
    private bool done;

    public void Complete()
    {
        lock (gate)
        {
            done = true;
            Monitor.PulseAll(gate);
        }
    }

    public void Wait()
    {
        lock (gate)
        {
            // Loop: a wake-up is only a hint, the flag is the truth.
            while (!done)
                Monitor.Wait(gate);
        }
    }
}
