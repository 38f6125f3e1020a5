using System.Globalization;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Padata.Bench.Commands;
using static System.FormattableString;

namespace Padata.Bench.Priority;

/// <summary>
/// <c>priority</c>: <see cref="HelperPriorityBenchmarks"/> as three BenchmarkDotNet jobs, one per
/// helper priority setting, each launch a fresh process with its <c>PADATA_HELPER_PRIORITY</c>:
/// (a) <c>inherit</c>, helpers at the caller's priority; (b) <c>lowest-wait</c>, helpers at nice 19
/// and a caller that waits for them; (c) <c>lowest</c>, the default, nice 19 with renice-or-cancel.
/// Prints BenchmarkDotNet's summary, then a table of ratios to (a) on each machine (idle, busy)
/// from the results API and the launches' own records; with <c>--docs</c>, writes it into that file
/// between its markers.
/// </summary>
internal static class HelperPriorityRun
{
    /// <summary>Where in the results page the table goes with --docs.</summary>
    public static readonly DocsSection Section = new("<!-- helper-priority:begin -->", "<!-- helper-priority:end -->",
                                                      "Helper priority under load (renice-or-cancel)");

    /// <summary>A 1-minute load average above this before the run marks the table as not a result.</summary>
    private const double IdleLoad = 1.0;

    private static readonly (string Id, string Setting, string Label)[] Cases =
    [
        ("a-normal", "inherit", "(a) normal priority (`inherit`)"),
        ("b-lowest-wait", "lowest-wait", "(b) lowest, no renice or cancel (`lowest-wait`)"),
        ("c-renice-or-cancel", "lowest", "(c) lowest, renice-or-cancel (`lowest`, default)"),
    ];

    public static int Run(PriorityOptions options, TextWriter output)
    {
        string loadBefore = ThreadNice.LoadAverage();
        DateTime started = DateTime.UtcNow;
        // The boilerplate build gets 10 minutes, not BenchmarkDotNet's 2: on a loaded 2-core machine
        // it has taken longer, and then nothing runs at all.
        IConfig config = ManualConfig.CreateEmpty().AddColumn(new LoadKeptColumn()).WithBuildTimeout(TimeSpan.FromMinutes(10));
        foreach (var (id, setting, _) in Cases)
        {
            config = config.AddJob(Job.Default
                .WithLaunchCount(options.Launches).WithWarmupCount(options.Warmups).WithIterationCount(options.Iterations)
                // Every job needs a fresh memmap (IterationSetup): one job per iteration.
                .WithInvocationCount(1).WithUnrollFactor(1)
                .WithEnvironmentVariable(Padata.HelperPriority.Variable, setting)
                .WithId(id));
        }
        Summary summary = BenchmarkRunner.Run<HelperPriorityBenchmarks>(config);
        string loadAfter = ThreadNice.LoadAverage();

        string table = Table(summary, options, started, loadBefore, loadAfter, out string? failure);
        output.WriteLine();
        output.WriteLine(table);
        if (failure is not null)
        {
            output.WriteLine($"priority: {failure}");
            return BenchExitCode.NoResult;
        }
        if (options.Docs is { } docs)
        {
            Section.WriteInto(docs, table);
            output.WriteLine($"priority: wrote the table into {docs}");
        }
        return BenchExitCode.Done;
    }

    private static string Table(Summary summary, PriorityOptions options, DateTime started, string loadBefore, string loadAfter, out string? failure)
    {
        failure = null;
        var text = new StringBuilder();
        string command = Invariant($"dotnet run --project bench -c Release -- priority --launches {options.Launches} --warmups {options.Warmups} --iterations {options.Iterations}");
        text.AppendLine(Invariant($"Measured {started:yyyy-MM-dd HH:mm} UTC by `{command}`. "));
        text.AppendLine($"Load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter}. ");
        double before = double.TryParse(loadBefore.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double b) ? b : double.NaN;
        if (!(before <= IdleLoad))
            text.AppendLine(Invariant($"**Not a result: the machine was not idle** (1-minute load average {loadBefore.Split(' ')[0]} before the run, above {IdleLoad:F1}); the table shows that the benchmark runs, not what renice-or-cancel does. "));
        var nices = summary.Reports.SelectMany(r => LaunchResults.From(r).Launches).Select(l => l.ProcessNice).Distinct().ToList();
        text.AppendLine($"Caller and load at nice {string.Join(", ", nices)}; helpers at the lowest priority at nice 19. ");
        text.AppendLine(Invariant($"Each case: {options.Launches} launch(es), {options.Iterations} measured jobs each; medians over all measured jobs. "));
        text.AppendLine("**job** = BenchmarkDotNet's median of the page-init job (16 GiB zone, all CPUs); **load kept** = the spinning load's throughput during the job over its throughput alone just before; ");
        text.AppendLine("**load lost** = (1 - kept) × load threads × job time, in ms of one CPU; **cancelled / run** = helpers per job, medians.");
        text.AppendLine();
        text.AppendLine("| machine | helpers | job | job / (a) | load kept | load lost | cancelled / run |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (HelperPriorityBenchmarks.Machine machine in Enum.GetValues<HelperPriorityBenchmarks.Machine>())
        {
            double? reference = null;
            foreach (var (id, _, label) in Cases)
            {
                BenchmarkReport? report = summary.Reports.FirstOrDefault(r =>
                    r.BenchmarkCase.Job.Id == id && Equals(r.BenchmarkCase.Parameters["Load"], machine));
                if (report?.ResultStatistics is not { } statistics)
                {
                    failure = $"no result for {label} on the {machine.ToString().ToLowerInvariant()} machine";
                    text.AppendLine($"| {machine} | {label} | no result | | | | |");
                    continue;
                }
                LaunchResults launches = LaunchResults.From(report);
                if (launches.Launches.Count == 0)
                    failure = $"{label} on the {machine.ToString().ToLowerInvariant()} machine printed no record";
                double median = statistics.Median / 1e6;
                reference ??= id == Cases[0].Id ? median : null;
                string ratio = reference is double r ? Invariant($"{median / r:F2}×") : "n/a";
                string kept = launches.LoadKept is double k ? Invariant($"{k:P0}") : "-";
                string lost = launches.LoadLostCpuMs is double l ? Invariant($"{l:F1} ms") : "-";
                string helpers = launches.Measured.Count == 0 ? "-"
                    : Invariant($"{Median(launches.Measured.Select(j => (double)j.Cancelled)):0.#} / {Median(launches.Measured.Select(j => (double)j.Run)):0.#}");
                text.AppendLine(Invariant($"| {machine} | {label} | {median:F1} ms | {ratio} | {kept} | {lost} | {helpers} |"));
            }
        }
        return text.ToString().TrimEnd();
    }

    private static double Median(IEnumerable<double> values) => Padata.Harness.Contracts.Statistics.Median(values);
}
