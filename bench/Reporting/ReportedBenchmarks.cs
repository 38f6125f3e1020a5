namespace Padata.Bench.Reporting;

/// <summary>
/// The benchmarks the report compares, each named once (by method); their labels are their
/// <c>[Benchmark(Description = ...)]</c>.
/// </summary>
internal static class ReportedBenchmarks
{
    public static readonly BenchmarkId Engine = BenchmarkId.Of<PageInitBenchmarks>(nameof(PageInitBenchmarks.Engine));
    public static readonly BenchmarkId ParallelForEach = BenchmarkId.Of<PageInitBenchmarks>(nameof(PageInitBenchmarks.ParallelFor));
    public static readonly BenchmarkId PlainLoop = BenchmarkId.Of<PageInitBenchmarks>(nameof(PageInitBenchmarks.PlainLoop));
    public static readonly BenchmarkId SpanClear = BenchmarkId.Of<PageInitBenchmarks>(nameof(PageInitBenchmarks.ClearBound));

    /// <summary>The page-init series in the order the table and the chart show them.</summary>
    public static readonly BenchmarkId[] All = [Engine, ParallelForEach, PlainLoop, SpanClear];

    /// <summary>The memmap bound of one thread, in the pass-by-pass breakdown.</summary>
    public static readonly BenchmarkId ClearPass = BenchmarkId.Of<MemmapBoundBenchmarks>(nameof(MemmapBoundBenchmarks.ClearPass));

    public static readonly BenchmarkId FastPath = BenchmarkId.Of<EngineOverheadBenchmarks>(nameof(EngineOverheadBenchmarks.FastPath));
    public static readonly BenchmarkId TwoWorkerDispatch = BenchmarkId.Of<EngineOverheadBenchmarks>(nameof(EngineOverheadBenchmarks.TwoWorkerDispatch));

    /// <summary>The benchmark classes whose results the report reads, one results file each.</summary>
    public static readonly Type[] Classes = [typeof(PageInitBenchmarks), typeof(MemmapBoundBenchmarks), typeof(EngineOverheadBenchmarks)];
}
