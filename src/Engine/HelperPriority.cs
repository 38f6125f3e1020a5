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
/// <c>PADATA_HELPER_PRIORITY=inherit</c> in the environment (read once per process) leaves OS
/// priorities alone: helpers run at the priority they inherit; the engine still cancels queued
/// helpers and records raises exactly as with the default, <c>lowest</c>. Any other value is
/// refused when an engine is created. The controlled harness sets <c>inherit</c> before it loads
/// the rewritten engine: the P/Invoke calls are not rewritten, so they would renice the OS threads
/// Coyote's controlled threads run on, and on a loaded machine a nice-19 thread waits so long for a
/// CPU that Coyote reports a potential hang. Priority is not observable under the controlled
/// scheduler anyway; the oracles look at the engine's record (<see cref="EngineState.RaisedWorkerThreads"/>).
/// </para>
/// <para>
/// <c>PADATA_HELPER_PRIORITY=lowest-wait</c> sets helpers to the lowest priority like <c>lowest</c>, but
/// a caller out of chunks neither cancels nor raises: it waits for every helper, queued or running, at
/// the lowest priority (ktask's "run helper threads at MAX_NICE" without "renice helper threads to
/// prevent starvation"). Helpers then take no more CPU from other work than nice 19 allows, even while
/// their caller waits, at the price of the priority inversion renice-or-cancel removes: on a busy
/// machine the caller waits on helpers that get almost no CPU. The controlled harness never sets it (it sets <c>inherit</c>).
/// </para>
/// </summary>
internal static class HelperPriority
{
    /// <summary>Linux's <c>MAX_NICE</c>: the lowest priority a thread can have.</summary>
    public const int LowestNice = 19;

    /// <summary>The environment variable that chooses whether OS priorities are applied.</summary>
    public const string Variable = "PADATA_HELPER_PRIORITY";

    private const int PrioProcess = 0;

    private static readonly string? Setting = Environment.GetEnvironmentVariable(Variable);

    /// <summary>Whether nice values are set: unless the environment says <c>inherit</c>.</summary>
    private static readonly bool Apply = !string.Equals(Setting, "inherit", StringComparison.Ordinal);

    /// <summary>Whether a caller out of chunks waits without renice-or-cancel: the environment says <c>lowest-wait</c>.</summary>
    private static readonly bool WaitOnly = string.Equals(Setting, "lowest-wait", StringComparison.Ordinal);
    // A plain field, not Interlocked: under the controlled scheduler an Interlocked call is a
    // scheduling point, and the report must not change the schedules explored. Two threads failing
    // at the same instant may both print; that is the only way "once" can be exceeded.
    private static bool reported;

    /// <summary>Refuses a <see cref="Variable"/> that is not unset, <c>lowest</c>, <c>inherit</c> or <c>lowest-wait</c>, naming the variable and the rule.</summary>
    public static void Validate()
    {
        if (Setting is not (null or "" or "lowest" or "inherit" or "lowest-wait"))
            throw new InvalidOperationException(
                $"{Variable} must be 'lowest' (helpers at nice {LowestNice}, the default), 'inherit' (OS priorities left alone) " +
                $"or 'lowest-wait' (helpers at nice {LowestNice}, no renice-or-cancel); got '{Setting}'.");
    }

    /// <summary>The OS id of the calling thread (Linux's tid), or 0 where threads are not addressed by the engine.</summary>
    public static int CurrentThreadId() => OperatingSystem.IsLinux() ? gettid() : 0;

    /// <summary>
    /// The nice value a caller out of chunks raises its running helpers to, or null when it neither
    /// cancels nor raises (<c>lowest-wait</c>). The calling thread's nice value; 0 where the engine
    /// does not set priorities (other OSes, and <c>inherit</c>, where a waiting caller's raises are
    /// recorded as for a caller at nice 0 whatever the process's own nice value: otherwise a test run
    /// under <c>nice -n 19</c> would record none).
    /// </summary>
    public static int? CancelOrRaiseNice()
    {
        // Apply is read first and alone on the inherit path the controlled harness takes, so that path
        // reads no more fields than before lowest-wait existed.
        if (!Apply)
            return 0;
        if (WaitOnly)
            return null;
        if (!OperatingSystem.IsLinux())
            return 0;
        Marshal.SetLastSystemError(0);
        int nice = getpriority(PrioProcess, gettid());
        // -1 is a valid nice value; it is an error only with errno set.
        return nice == -1 && Marshal.GetLastSystemError() != 0 ? 0 : nice;
    }

    /// <summary>Sets thread <paramref name="osThreadId"/> to the lowest priority (always permitted).</summary>
    public static void SetLowest(int osThreadId) => Set(osThreadId, LowestNice);

    /// <summary>Raises thread <paramref name="osThreadId"/> to nice <paramref name="nice"/>; skipped, and said once, without the privilege.</summary>
    public static void Raise(int osThreadId, int nice) => Set(osThreadId, nice);

    private static void Set(int osThreadId, int nice)
    {
        if (!Apply)
            return;
        if (!OperatingSystem.IsLinux())
        {
            ReportOnce("padata: helper thread priorities are applied on Linux only; on this OS helpers run at the priority they inherit (queued helpers are still cancelled when the caller would wait, unless lowest-wait).");
            return;
        }
        if (osThreadId == 0 || setpriority(PrioProcess, osThreadId, nice) == 0)
            return;
        int errno = Marshal.GetLastSystemError();
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

    // No SetLastError: a P/Invoke with it needs a marshalling stub, which ReadyToRun cannot carry
    // outside the core library, so the first job that starts a helper compiled two stubs on the
    // spot (docs/benchmarks.md, "Cold and warm"). errno is read right after the call instead, with
    // Marshal.Get/SetLastSystemError, as the LibraryImport generator does.
    [DllImport("libc")]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc")]
    private static extern int getpriority(int which, int who);

    [DllImport("libc")]
    private static extern int gettid();
}
