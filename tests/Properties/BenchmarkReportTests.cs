using Padata.Bench.Reporting;

namespace Padata.Properties;

/// <summary>
/// The benchmark report works from the repository alone: from the results stored in
/// docs/benchmarks-data/ it writes exactly the committed docs/benchmarks-results.md, and a chart
/// (ScottPlot, headless) that names every page-init series.
/// </summary>
public class BenchmarkReportTests
{
    [Fact]
    public void The_report_regenerates_the_committed_results_page_from_the_stored_results()
    {
        string docs = Path.Combine(RepositoryRoot(), "docs");
        string output = Directory.CreateTempSubdirectory("padata-report-").FullName;
        try
        {
            var log = new StringWriter();
            int exit = BenchmarkReport.Write(Path.Combine(docs, BenchmarkReport.DataFolder), output, log);

            Assert.True(exit == 0, $"report exited {exit}: {log}");
            Assert.Equal(File.ReadAllText(Path.Combine(docs, BenchmarkReport.ResultsFile)),
                         File.ReadAllText(Path.Combine(output, BenchmarkReport.ResultsFile)));
            string chart = File.ReadAllText(Path.Combine(output, BenchmarkReport.ChartFile));
            Assert.StartsWith("<?xml", chart);
            foreach (string label in ReportedBenchmarks.All.Select(s => s.Label))
                Assert.Contains(label, chart);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void A_missing_results_file_is_refused_with_exit_code_2_naming_it()
    {
        string empty = Directory.CreateTempSubdirectory("padata-report-").FullName;
        try
        {
            var log = new StringWriter();
            int exit = BenchmarkReport.Write(empty, Path.Combine(empty, "docs"), log);

            Assert.Equal(2, exit);
            Assert.Contains(ResultsReader.PathFor(empty, ReportedBenchmarks.Classes[0]), log.ToString());
            Assert.False(Directory.Exists(Path.Combine(empty, "docs")));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Verify.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"No Verify.sln above {AppContext.BaseDirectory}.");
    }
}
