using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;

namespace Padata.Bench;

/// <summary>
/// Every benchmark, once (BenchmarkDotNet's dry job), in this process: proves they build, set up,
/// run and verify, with no timing asserted. CI runs it through a test; <c>dotnet run --project bench -c Release -- smoke</c>
/// runs it by hand.
/// </summary>
public static class BenchmarkSmoke
{
    public static IReadOnlyList<string> Run(ILogger logger)
    {
        IConfig config = ManualConfig.CreateEmpty()
            .AddJob(Job.Dry.WithToolchain(InProcessNoEmitToolchain.Instance))
            .AddLogger(logger)
            .AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance)
            .WithOption(ConfigOptions.DisableOptimizationsValidator, true)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "padata-bench-smoke"));

        Summary[] summaries = BenchmarkRunner.Run(typeof(BenchmarkSmoke).Assembly, config);
        var problems = new List<string>();
        foreach (Summary summary in summaries)
        {
            // Only critical errors stop BenchmarkDotNet; the others are warnings it runs past. One
            // of those fires whenever the repository itself lives under the temp directory (a
            // fresh clone in mktemp), since it takes that for xUnit shadow copying.
            foreach (var error in summary.ValidationErrors)
            {
                if (error.IsCritical)
                    problems.Add($"{summary.Title}: {error.Message}");
                else
                    logger.WriteLineInfo($"smoke: warning (not critical): {error.Message}");
            }
            problems.AddRange(summary.Reports.Where(r => !r.Success).Select(r => $"{r.BenchmarkCase.DisplayInfo}: did not run to completion"));
            if (summary.Reports.Length == 0)
                problems.Add($"{summary.Title}: no benchmark ran");
        }
        if (summaries.Length == 0)
            problems.Add("no benchmark classes found");
        return problems;
    }
}
