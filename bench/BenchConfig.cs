using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;

namespace Padata.Bench;

/// <summary>
/// The default config's columns, loggers, analysers and validators, with two exporters: GitHub
/// markdown to read, and the full JSON (statistics, parameters and every measurement), which
/// <see cref="Reporting.BenchmarkReport"/> reads to compute ratios and draw the chart.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        IConfig defaults = DefaultConfig.Instance;
        AddColumnProvider(defaults.GetColumnProviders().ToArray());
        AddLogger(defaults.GetLoggers().ToArray());
        AddAnalyser(defaults.GetAnalysers().ToArray());
        AddValidator(defaults.GetValidators().ToArray());
        AddExporter(MarkdownExporter.GitHub);
        AddExporter(JsonExporter.Full);
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
    }
}
