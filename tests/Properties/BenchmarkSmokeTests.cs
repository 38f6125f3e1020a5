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
        // Bounded like every wait on the engine, by 3 minutes: the smoke run takes about 13 s here.
        IReadOnlyList<string> problems = Bounded.Call(() => BenchmarkSmoke.Run(log), null, "the benchmark smoke run (every benchmark once)",
                                                      TimeSpan.FromMinutes(3), nameof(BenchmarkSmokeTests) + "." + nameof(Every_benchmark_runs_once_and_its_results_verify));
        if (problems.Count > 0)
            output.WriteLine(log.GetLog());
        Assert.Empty(problems);
    }

    [Fact]
    public void A_benchmark_that_throws_is_reported_as_a_problem()
    {
        var log = new AccumulationLogger();
        IReadOnlyList<string> problems = BenchmarkSmoke.Run(log, [typeof(ThrowingBenchmark)]);

        output.WriteLine(string.Join("\n", problems));
        Assert.NotEmpty(problems);
        Assert.Contains("this benchmark fails on purpose", log.GetLog());
    }

    [Fact]
    public void A_run_whose_check_fails_is_reported_as_a_problem_naming_the_run()
    {
        var log = new AccumulationLogger();
        IReadOnlyList<string> problems = BenchmarkSmoke.Run(log, [typeof(WronglyVerifiedBenchmark)]);

        output.WriteLine(string.Join("\n", problems));
        Assert.NotEmpty(problems);
        Assert.Contains($"{nameof(WronglyVerifiedBenchmark)}: this run is wrong on purpose", log.GetLog());
    }

    /// <summary>A benchmark whose run completes but whose check after the iteration fails, as a wrong memmap does.</summary>
    public class WronglyVerifiedBenchmark : VerifiedEngineBenchmarks
    {
        [BenchmarkDotNet.Attributes.GlobalSetup]
        public void Setup() => EngineUnderTest = new PadataEngine(1);

        [BenchmarkDotNet.Attributes.Benchmark]
        public void Runs() => EngineUnderTest.Snapshot();

        protected override string? Problem() => "this run is wrong on purpose";
    }

    /// <summary>A benchmark whose run fails, as a page-init run that verifies wrong does.</summary>
    public class ThrowingBenchmark
    {
        [BenchmarkDotNet.Attributes.Benchmark]
        public void Throws() => throw new InvalidOperationException("this benchmark fails on purpose");
    }
}
