using System.Globalization;
using System.Text.Json;

namespace Padata.Bench.Reporting;

/// <summary>
/// Reads the files BenchmarkDotNet's full JSON exporter writes (<c>*-report-full.json</c>, one per
/// benchmark class) into <see cref="BenchmarkResult"/>s, matching each record to the benchmark
/// method it names (its <c>Namespace</c>, <c>Type</c> and <c>Method</c> fields).
/// </summary>
internal static class ResultsReader
{
    public const string FileSuffix = "-report-full.json";

    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The results file BenchmarkDotNet writes for <paramref name="benchmarks"/> in <paramref name="directory"/>.</summary>
    public static string PathFor(string directory, Type benchmarks) => Path.Combine(directory, benchmarks.FullName + FileSuffix);

    /// <summary>
    /// Every case of one results file, and when the run started (BenchmarkDotNet ends the title
    /// with it); a case without statistics (a benchmark that failed) is an error.
    /// </summary>
    public static (IReadOnlyList<BenchmarkResult> Cases, DateTime Started) Read(string path, Type benchmarks)
    {
        Report report;
        using (FileStream stream = File.OpenRead(path))
            report = JsonSerializer.Deserialize<Report>(stream, Options) ?? throw new InvalidDataException($"{path}: empty");
        var results = new List<BenchmarkResult>();
        foreach (Case c in report.Benchmarks)
        {
            if ($"{c.Namespace}.{c.Type}" != benchmarks.FullName)
                throw new InvalidDataException($"{path}: a result of {c.Namespace}.{c.Type}, expected only {benchmarks.FullName}");
            Statistics s = c.Statistics
                ?? throw new InvalidDataException($"{path}: {c.Type}.{c.Method} ({c.Parameters}) has no statistics: the benchmark failed");
            double[] resultNs = c.Measurements
                .Where(m => m.IterationMode == "Workload" && m.IterationStage == "Result")
                .Select(m => m.Nanoseconds / m.Operations)
                .ToArray();
            results.Add(new BenchmarkResult(new BenchmarkId(benchmarks, c.Method), ParseParameters(c.Parameters), s.Median, s.Mean, resultNs));
        }
        string stamp = report.Title.Length > TitleTime.Length ? report.Title[^TitleTime.Length..] : report.Title;
        if (!DateTime.TryParseExact(stamp, TitleTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTime started))
            throw new InvalidDataException($"{path}: the title '{report.Title}' does not end with the run's time ({TitleTime})");
        return (results, started);
    }

    /// <summary>How BenchmarkDotNet ends a results title: the run's start, to the second.</summary>
    public const string TitleTime = "yyyyMMdd-HHmmss";

    /// <summary>BenchmarkDotNet prints a case's parameters as <c>Name=value</c> pairs joined by <c>&amp;</c>.</summary>
    private static Dictionary<string, string> ParseParameters(string? text) =>
        string.IsNullOrEmpty(text)
            ? []
            : text.Split('&').Select(pair => pair.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "");

    // The subset of the exporter's schema the report reads (field names as BenchmarkDotNet writes them).
    private sealed record Report(string Title, List<Case> Benchmarks);

    private sealed record Case(string Namespace, string Type, string Method, string? Parameters, Statistics? Statistics, List<Measurement> Measurements);

    private sealed record Statistics(double Median, double Mean);

    private sealed record Measurement(string IterationMode, string IterationStage, long Operations, double Nanoseconds);
}
