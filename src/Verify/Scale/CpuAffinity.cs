using System.Runtime.InteropServices;

namespace Padata.Verify;

/// <summary>
/// The CPUs a parallel check's workers run on (Linux only; elsewhere nothing is pinned). A worker
/// explores one schedule at a time, and inside a schedule Coyote runs one controlled thread at a
/// time, handing control from thread to thread: one CPU is all a worker can use. Started with its
/// own CPU (the child inherits the affinity of the thread that starts it), a worker's hand-offs
/// wake a thread on the CPU that is already running, and its runtime sees one processor, so a
/// waiting thread blocks almost at once (ManualResetEventSlim and Task.Wait spin once, not 35 times,
/// on one processor). Unpinned, a paused thread spun (calling sched_yield) on the second core at
/// every hand-off, and control crossed cores: docs/benchmarks.md, "Exploration speed".
/// </summary>
internal static class CpuAffinity
{
    /// <summary>Bits in a cpu_set_t: enough for the CPUs this class hands out.</summary>
    private const int MaskWords = 1024 / 64;

    /// <summary>The CPUs the calling thread may run on, in order; null when they cannot be read (not Linux, or the call failed).</summary>
    public static IReadOnlyList<int>? Allowed()
    {
        ulong[]? mask = Get();
        if (mask is null)
            return null;
        var cpus = new List<int>();
        for (int cpu = 0; cpu < MaskWords * 64; cpu++)
            if ((mask[cpu / 64] & (1UL << (cpu % 64))) != 0)
                cpus.Add(cpu);
        return cpus.Count == 0 ? null : cpus;
    }

    /// <summary>
    /// Runs <paramref name="start"/> with the calling thread on <paramref name="cpu"/> alone, so a
    /// process it starts inherits that one CPU, then gives the thread back its CPUs. Without a CPU
    /// (null), or where affinity cannot be set, it just runs <paramref name="start"/>.
    /// </summary>
    public static T StartingOn<T>(int? cpu, Func<T> start)
    {
        ulong[]? before = cpu is null ? null : Get();
        if (cpu is not { } one || before is null || one < 0 || one >= MaskWords * 64)
            return start();
        var only = new ulong[MaskWords];
        only[one / 64] = 1UL << (one % 64);
        if (!Set(only))
            return start();
        try
        {
            return start();
        }
        finally
        {
            Set(before);
        }
    }

    private static ulong[]? Get()
    {
        if (!OperatingSystem.IsLinux())
            return null;
        var mask = new ulong[MaskWords];
        try
        {
            // pid 0: the calling thread.
            return sched_getaffinity(0, MaskWords * sizeof(ulong), mask) == 0 ? mask : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static bool Set(ulong[] mask)
    {
        try
        {
            return sched_setaffinity(0, MaskWords * sizeof(ulong), mask) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int sched_getaffinity(int pid, nint cpusetsize, [Out] ulong[] mask);

    [DllImport("libc", SetLastError = true)]
    private static extern int sched_setaffinity(int pid, nint cpusetsize, ulong[] mask);
}
