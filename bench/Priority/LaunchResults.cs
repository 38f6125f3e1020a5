using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using Padata.Harness.Contracts;

namespace Padata.Bench.Priority;

/// <summary>
/// One benchmark case's launches as the host sees them (BenchmarkDotNet's results API): the records
/// the benchmark processes printed, each cut to the jobs BenchmarkDotNet counted as workload
/// measurements of the actual stage (the jobs before them were jitting and warm-up).
/// </summary>
internal sealed class LaunchResults
{
    private LaunchResults(IReadOnlyList<LaunchRecord> launches, IReadOnlyList<JobRecord> measured)
    {
        Launches = launches;
        Measured = measured;
    }

    public IReadOnlyList<LaunchRecord> Launches { get; }

    public IReadOnlyList<JobRecord> Measured { get; }

    /// <summary>The median share of its throughput alone the load kept during the measured jobs, or null (idle machine, or no record).</summary>
    public double? LoadKept =>
        Measured.Where(j => j.LoadKept is not null).Select(j => j.LoadKept!.Value).ToList() is { Count: > 0 } kept ? Statistics.Median(kept) : null;

    /// <summary>The median load work lost per measured job, in milliseconds of one CPU: (1 - kept) × load threads × job time.</summary>
    public double? LoadLostCpuMs
    {
        get
        {
            int spinners = Launches.Count > 0 ? Launches[0].Spinners : 0;
            var lost = Measured.Where(j => j.LoadKept is not null).Select(j => (1 - j.LoadKept!.Value) * spinners * j.JobMs).ToList();
            return lost.Count > 0 ? Statistics.Median(lost) : null;
        }
    }

    public static LaunchResults From(BenchmarkReport report)
    {
        var actual = report.AllMeasurements
            .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Actual)
            .GroupBy(m => m.LaunchIndex).OrderBy(g => g.Key).Select(g => g.Count()).ToList();
        var launches = new List<LaunchRecord>();
        var measured = new List<JobRecord>();
        for (int i = 0; i < report.ExecuteResults.Count; i++)
        {
            if (LaunchRecord.Find(report.ExecuteResults[i].StandardOutput) is not { } launch)
                continue;
            launches.Add(launch);
            int count = i < actual.Count ? actual[i] : 0;
            measured.AddRange(launch.Jobs.Skip(Math.Max(0, launch.Jobs.Count - count)));
        }
        return new LaunchResults(launches, measured);
    }
}
