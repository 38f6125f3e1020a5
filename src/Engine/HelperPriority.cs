using System.Runtime.InteropServices;

namespace Padata;

/// <summary>
/// The OS scheduling priority of workqueue threads (ktask's "run helper threads at MAX_NICE" and
/// "renice helper threads to prevent starvation"; docs/design.md §7.2).
/// <para>
/// On Linux, <see cref="Thread.Priority"/> is only remembered by .NET: setting it changes neither the
/// thread's nice value nor its kernel priority (measured; README, "Helper priority"). So the nice
/// value is set per thread with <c>setpriority(PRIO_PROCESS, tid)</c>, which on Linux addresses one
/// thread. Lowering a thread to the lowest priority is always allowed; raising it back needs
/// <c>CAP_SYS_NICE</c> (or an <c>RLIMIT_NICE</c> that allows it): without it the raise is skipped,
/// cancelling still works, and the first refusal is reported once on standard error.
/// On other operating systems nothing is changed: helpers run at the caller's priority, the
/// cancel-or-raise still runs (raises are recorded, not applied), and this is reported once.
/// </para>
/// <para>
/// Plain P/Invoke into libc, which the Coyote rewriter leaves as it is: under the controlled
/// scheduler these calls reach the OS threads the controlled threads run on (each started thread has
/// one of its own), and change only how fast those run, never which thread runs next (the scheduler
/// decides that). The engine's record of which threads are raised (<see cref="EngineState.RaisedWorkerThreads"/>)
/// is what the oracles look at.
/// </para>
/// </summary>
internal static class HelperPriority
{
    /// <summary>Linux's <c>MAX_NICE</c>: the lowest priority a thread can have.</summary>
    public const int LowestNice = 19;

    private const int PrioProcess = 0;
    // A plain field, not Interlocked: under the controlled scheduler an Interlocked call is a
    // scheduling point, and the report must not change the schedules explored. Two threads failing
    // at the same instant may both print; that is the only way "once" can be exceeded.
    private static bool reported;

    /// <summary>The OS id of the calling thread (Linux's tid), or 0 where threads are not addressed by the engine.</summary>
    public static int CurrentThreadId() => OperatingSystem.IsLinux() ? gettid() : 0;

    /// <summary>The calling thread's nice value (0 where the engine does not set priorities).</summary>
    public static int CurrentNice()
    {
        if (!OperatingSystem.IsLinux())
            return 0;
        Marshal.SetLastPInvokeError(0);
        int nice = getpriority(PrioProcess, gettid());
        // -1 is a valid nice value; it is an error only with errno set.
        return nice == -1 && Marshal.GetLastPInvokeError() != 0 ? 0 : nice;
    }

    /// <summary>Sets thread <paramref name="osThreadId"/> to the lowest priority (always permitted).</summary>
    public static void SetLowest(int osThreadId) => Set(osThreadId, LowestNice);

    /// <summary>Raises thread <paramref name="osThreadId"/> to nice <paramref name="nice"/>; skipped, and said once, without the privilege.</summary>
    public static void Raise(int osThreadId, int nice) => Set(osThreadId, nice);

    private static void Set(int osThreadId, int nice)
    {
        if (!OperatingSystem.IsLinux())
        {
            ReportOnce("padata: helper thread priorities are applied on Linux only; on this OS helpers run at the priority they inherit (queued helpers are still cancelled when the caller would wait).");
            return;
        }
        if (osThreadId == 0 || setpriority(PrioProcess, osThreadId, nice) == 0)
            return;
        int errno = Marshal.GetLastPInvokeError();
        ReportOnce($"padata: cannot raise a helper thread to nice {nice} (errno {errno}; raising needs CAP_SYS_NICE or RLIMIT_NICE): " +
                   "running helpers stay at the lowest priority while their caller waits; queued helpers are still cancelled.");
    }

    private static void ReportOnce(string message)
    {
        if (reported)
            return;
        reported = true;
        Console.Error.WriteLine(message);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc", SetLastError = true)]
    private static extern int getpriority(int which, int who);

    [DllImport("libc")]
    private static extern int gettid();
}
