namespace Padata.Bench.Reporting;

/// <summary>The results of one run, looked up by benchmark and worker count.</summary>
internal sealed class ResultSet(IReadOnlyList<BenchmarkResult> results, DateTime measured)
{
    public const string WorkersParameter = nameof(PageInitBenchmarks.Workers);

    /// <summary>When the run started (the earliest results file's title).</summary>
    public DateTime Measured { get; } = measured;

    /// <summary>Every result of one benchmark class, in the order BenchmarkDotNet ran them.</summary>
    public IEnumerable<BenchmarkResult> Of(Type benchmarks) => results.Where(r => r.Id.Type == benchmarks);

    /// <summary>The worker counts a page-init run measured, in order.</summary>
    public IReadOnlyList<int> WorkerCounts =>
        Of(typeof(PageInitBenchmarks)).Select(r => r.IntParameter(WorkersParameter)).Distinct().Order().ToArray();

    /// <summary>The one result of a benchmark without parameters.</summary>
    public BenchmarkResult Get(BenchmarkId id) =>
        results.SingleOrDefault(r => r.Id == id) ?? throw new InvalidDataException($"no result for {id}");

    /// <summary>The one result of a benchmark at a worker count.</summary>
    public BenchmarkResult Get(BenchmarkId id, int workers) =>
        results.SingleOrDefault(r => r.Id == id && r.IntParameter(WorkersParameter) == workers)
        ?? throw new InvalidDataException($"no result for {id} at {workers} worker(s)");

    /// <summary>The median of a benchmark at a worker count, or nothing when it was not measured there.</summary>
    public double? MedianOrNull(BenchmarkId id, int workers) =>
        results.SingleOrDefault(r => r.Id == id && r.IntParameter(WorkersParameter) == workers)?.MedianNs;
}
