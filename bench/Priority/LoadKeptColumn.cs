using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using static System.FormattableString;

namespace Padata.Bench.Priority;

/// <summary>
/// A summary column: the median share of its throughput alone that the <see cref="SpinLoad"/> kept
/// during the measured jobs of a case (from the launches' own records, <see cref="LaunchResults"/>);
/// "-" on the idle machine.
/// </summary>
internal sealed class LoadKeptColumn : IColumn
{
    public string Id => nameof(LoadKeptColumn);

    public string ColumnName => "Load kept";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Median throughput of the normal-priority spinning load during the job, over its throughput alone just before";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase] is { } report && LaunchResults.From(report).LoadKept is double kept ? Invariant($"{kept:P1}") : "-";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
