using BenchmarkDotNet.Attributes;
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
    /// <summary>Every benchmark of this assembly, once.</summary>
    public static IReadOnlyList<string> Run(ILogger logger) => Run(logger, typeof(BenchmarkSmoke).Assembly.GetTypes());

    /// <summary>The benchmarks of <paramref name="types"/>, once each; the problems found (none when all ran to completion).</summary>
    public static IReadOnlyList<string> Run(ILogger logger, Type[] types)
    {
        IConfig config = ManualConfig.CreateEmpty()
            .AddJob(Job.Dry.WithToolchain(InProcessNoEmitToolchain.Instance))
            .AddLogger(logger)
            .AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance)
            .WithOption(ConfigOptions.DisableOptimizationsValidator, true)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "padata-bench-smoke"));

        Summary[] summaries;
        try
        {
            summaries = BenchmarkRunner.Run(types.Where(t => t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkAttribute), false))).ToArray(), config);
        }
        catch (Exception e)
        {
            // BenchmarkDotNet 0.15.8's in-process toolchain does not survive a benchmark that
            // throws (its own result logging fails with a NullReferenceException); the benchmark's
            // exception is in the log by then.
            return [$"the benchmark run stopped ({e.GetType().Name}: {e.Message}); a benchmark threw, see the log"];
        }
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
