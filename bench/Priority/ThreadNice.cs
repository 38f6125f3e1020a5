using System.Globalization;

namespace Padata.Bench.Priority;

/// <summary>Nice values as the OS shows them in /proc (Linux), read independently of the engine's own calls.</summary>
internal static class ThreadNice
{
    /// <summary>The nice value of the process's main thread, or 0 where /proc is absent.</summary>
    public static int OfProcess() => Read("/proc/self/stat") ?? 0;

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
}
