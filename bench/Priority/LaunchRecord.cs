using System.Globalization;
using static System.FormattableString;

namespace Padata.Bench.Priority;

/// <summary>One page-init job as the benchmark process saw it: its time, what the load did meanwhile, and the helpers cancelled and run.</summary>
/// <param name="JobMs">The job's wall time, as the benchmark measured it around the call.</param>
/// <param name="LoadKept">The load's throughput during the job over its throughput alone just before (null on the idle machine).</param>
/// <param name="Cancelled">Helpers the caller cancelled in this job.</param>
/// <param name="Run">Helpers that ran in this job.</param>
internal sealed record JobRecord(double JobMs, double? LoadKept, int Cancelled, int Run);

/// <summary>
/// What one benchmark process (one launch of one case) reports to the host, as one line of its
/// standard output, which BenchmarkDotNet keeps in the launch's <c>ExecuteResult</c>: the helper
/// priority setting it ran under, its own nice value, the load average at its start and end, how
/// many of its threads the OS shows at nice 19 at the end, and every workload job in order.
/// </summary>
internal sealed record LaunchRecord(string Mode, int ProcessNice, int Spinners, string LoadAverageStart, string LoadAverageEnd,
                                    int ThreadsAtNice19, IReadOnlyList<JobRecord> Jobs)
{
    public const string Prefix = "padata-priority: ";

    public string Format() =>
        Prefix + Invariant($"mode={Mode} nice={ProcessNice} spinners={Spinners} loadavg-start={LoadAverageStart.Replace(' ', '/')} ") +
        Invariant($"loadavg-end={LoadAverageEnd.Replace(' ', '/')} nice19-threads={ThreadsAtNice19} jobs=") +
        string.Join(";", Jobs.Select(j => Invariant($"{j.JobMs:F3}/{(j.LoadKept is double k ? k.ToString("F4", CultureInfo.InvariantCulture) : "-")}/{j.Cancelled}/{j.Run}")));

    /// <summary>The record in <paramref name="lines"/> (a launch's standard output), or null if it has none.</summary>
    public static LaunchRecord? Find(IEnumerable<string> lines)
    {
        string? line = lines.LastOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        if (line is null)
            return null;
        var fields = line[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                         .Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f.Length > 1 ? f[1] : "");
        var jobs = fields["jobs"].Split(';', StringSplitOptions.RemoveEmptyEntries).Select(j =>
        {
            string[] parts = j.Split('/');
            return new JobRecord(double.Parse(parts[0], CultureInfo.InvariantCulture),
                                 parts[1] == "-" ? null : double.Parse(parts[1], CultureInfo.InvariantCulture),
                                 int.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture));
        }).ToList();
        return new LaunchRecord(fields["mode"], int.Parse(fields["nice"], CultureInfo.InvariantCulture),
                                int.Parse(fields["spinners"], CultureInfo.InvariantCulture),
                                fields["loadavg-start"].Replace('/', ' '), fields["loadavg-end"].Replace('/', ' '),
                                int.Parse(fields["nice19-threads"], CultureInfo.InvariantCulture), jobs);
    }
}
