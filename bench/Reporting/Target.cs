using System.Globalization;

namespace Padata.Bench.Reporting;

/// <summary>
/// A speed target, stated once: what is measured, the bound it must stay on the right side of,
/// and how its values are shown. The report prints the statement and the verdict from this alone.
/// </summary>
internal sealed record Target(string Subject, Target.Bound Kind, double Limit, Func<double, string> Show)
{
    public enum Bound
    {
        AtLeast,
        AtMost,
        Below,
    }

    public string Statement => $"{Subject} {Symbol} {Show(Limit)}";

    public bool IsMetBy(double measured) => Kind switch
    {
        Bound.AtLeast => measured >= Limit,
        Bound.AtMost => measured <= Limit,
        Bound.Below => measured < Limit,
        _ => throw new InvalidOperationException($"unknown bound {Kind}"),
    };

    private string Symbol => Kind switch
    {
        Bound.AtLeast => "≥",
        Bound.AtMost => "≤",
        _ => "<",
    };

    public static string Times(double ratio) => string.Create(CultureInfo.InvariantCulture, $"{ratio:F2}×");

    public static string Ratio(double ratio) => string.Create(CultureInfo.InvariantCulture, $"{ratio:F3}");

    /// <summary>A time in nanoseconds, in the unit that keeps it readable.</summary>
    public static string Time(double ns) =>
        ns >= 1e6 ? string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:F2} ms")
        : ns >= 1e3 ? string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:F2} µs")
        : string.Create(CultureInfo.InvariantCulture, $"{ns:F1} ns");
}
