using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;

namespace Padata.Bench;

/// <summary>
/// The default config's columns, loggers, analysers and validators, with two exporters: GitHub
/// markdown, and a CSV with plain numbers (nanoseconds, invariant culture, units only in the
/// header), which <see cref="BenchmarkReport"/> reads to compute ratios and draw the plot.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public static readonly SummaryStyle CsvStyle =
        new(CultureInfo.InvariantCulture, printUnitsInHeader: true, sizeUnit: null, timeUnit: TimeUnit.Nanosecond, printUnitsInContent: false);

    public BenchConfig()
    {
        IConfig defaults = DefaultConfig.Instance;
        AddColumnProvider(defaults.GetColumnProviders().ToArray());
        AddLogger(defaults.GetLoggers().ToArray());
        AddAnalyser(defaults.GetAnalysers().ToArray());
        AddValidator(defaults.GetValidators().ToArray());
        AddExporter(MarkdownExporter.GitHub);
        AddExporter(new CsvExporter(CsvSeparator.Comma, CsvStyle));
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
    }
}
