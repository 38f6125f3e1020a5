using System.Globalization;
using System.Runtime.InteropServices;

namespace Padata.Bench.Priority;

/// <summary>Nice values as the OS shows them in /proc (Linux), read independently of the engine's own calls.</summary>
internal static class ThreadNice
{
    /// <summary>The nice value of the process's main thread, or 0 where /proc is absent.</summary>
    public static int OfProcess() => Read("/proc/self/stat") ?? 0;

    /// <summary>
    /// Sets the calling thread back to the nice value of the process that started this one, if it
    /// runs at a higher priority than that (lowering a priority is always allowed); returns its nice
    /// value after. BenchmarkDotNet raises its benchmark processes to the High priority class (nice
    /// −11 for the main thread on Linux); this benchmark is about priorities relative to the rest of
    /// the machine, so the benchmark thread, and the load and workqueue threads it starts (which
    /// inherit its nice value), run at the priority the command was started with.
    /// </summary>
    public static int ReturnToParentNice()
    {
        if (!OperatingSystem.IsLinux())
            return 0;
        int own = Read($"/proc/self/task/{gettid()}/stat") ?? OfProcess();
        string stat = File.ReadAllText("/proc/self/stat");
        int parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        if (Read($"/proc/{parent}/stat") is int launched && launched > own && setpriority(0, gettid(), launched) != 0)
            throw new InvalidOperationException($"could not set the benchmark thread from nice {own} to its parent's {launched} (errno {Marshal.GetLastPInvokeError()}).");
        return Read($"/proc/self/task/{gettid()}/stat") ?? own;
    }

    /// <summary>How many of this process's threads are at nice <paramref name="nice"/> now (0 where /proc is absent).</summary>
    public static int ThreadsAt(int nice)
    {
        if (!Directory.Exists("/proc/self/task"))
            return 0;
        int count = 0;
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
            if (Read(Path.Combine(task, "stat")) == nice)
                count++;
        return count;
    }

    /// <summary>Field 19 (nice) of a stat file; the command name (field 2) may hold spaces, so fields are counted after its closing parenthesis.</summary>
    private static int? Read(string statFile)
    {
        try
        {
            string stat = File.ReadAllText(statFile);
            string[] after = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // after[0] is field 3 (state), so field 19 is after[16].
            return int.Parse(after[16], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A thread that exited between listing and reading.
            return null;
        }
    }

    /// <summary>The 1-, 5- and 15-minute load averages, or "unknown".</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc")]
    private static extern int gettid();
}
