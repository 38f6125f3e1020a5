namespace Padata.Bench.Reporting;

/// <summary>
/// Regenerates docs/benchmarks-results.md and docs/benchmarks.svg from the full JSON results of one
/// run (<see cref="ResultsReader"/>), and keeps those results in docs/benchmarks-data/ so the table
/// and the chart can be checked and regenerated from the repository alone
/// (<c>report docs/benchmarks-data docs</c>).
/// </summary>
internal static class BenchmarkReport
{
    public const string ResultsFile = "benchmarks-results.md";
    public const string ChartFile = "benchmarks.svg";
    public const string DataFolder = "benchmarks-data";

    public static int Write(string resultsDirectory, string docsDirectory, TextWriter output)
    {
        string[] paths = ReportedBenchmarks.Classes.Select(t => ResultsReader.PathFor(resultsDirectory, t)).ToArray();
        foreach (string path in paths)
            if (!File.Exists(path))
            {
                output.WriteLine($"report: {path} is missing; run the benchmarks first (see docs/benchmarks.md).");
                return 2;
            }
        var read = ReportedBenchmarks.Classes.Zip(paths).Select(c => ResultsReader.Read(c.Second, c.First)).ToArray();
        var results = new ResultSet(read.SelectMany(r => r.Cases).ToArray(), read.Min(r => r.Started));

        string data = Path.Combine(docsDirectory, DataFolder);
        Directory.CreateDirectory(data);
        foreach (string path in paths)
            if (Path.GetFullPath(Path.GetDirectoryName(path)!) != Path.GetFullPath(data))
                File.Copy(path, Path.Combine(data, Path.GetFileName(path)), overwrite: true);
        string chart = Path.Combine(docsDirectory, ChartFile), table = Path.Combine(docsDirectory, ResultsFile);
        PageInitChart.Save(results, chart);
        File.WriteAllText(table, ResultsTable.Markdown(results, ChartFile));
        output.WriteLine($"report: wrote {table} and {chart}, with the results in {data}");
        return 0;
    }
}
