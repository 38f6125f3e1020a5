using BenchmarkDotNet.Loggers;
using Padata.Bench;
using Xunit.Abstractions;

namespace Padata.Properties;

/// <summary>The benchmarks build and run once each (no timing is asserted: timings live in the benchmarks themselves).</summary>
public class BenchmarkSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_benchmark_runs_once_and_its_results_verify()
    {
        var log = new AccumulationLogger();
        IReadOnlyList<string> problems = BenchmarkSmoke.Run(log);
        if (problems.Count > 0)
            output.WriteLine(log.GetLog());
        Assert.Empty(problems);
    }
}
