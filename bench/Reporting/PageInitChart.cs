using System.Globalization;
using ScottPlot;
using static Padata.Bench.Reporting.ReportedBenchmarks;

namespace Padata.Bench.Reporting;

/// <summary>
/// Grouped bars of page init (ScottPlot): one group per worker count, one bar per way of doing the
/// work, median milliseconds; saved as SVG so the chart diffs as text and needs no fonts to view.
/// </summary>
internal static class PageInitChart
{
    private const int Width = 900, Height = 420;

    public static void Save(ResultSet results, string path)
    {
        var plot = new Plot();
        IPalette palette = new ScottPlot.Palettes.Category10();
        IReadOnlyList<int> workers = results.WorkerCounts;
        var bars = new List<Bar>();
        for (int g = 0; g < workers.Count; g++)
        {
            for (int s = 0; s < All.Length; s++)
            {
                if (results.MedianOrNull(All[s], workers[g]) is not double ns)
                    continue;
                // Groups are one unit wide with a gap of one bar between them.
                bars.Add(new Bar { Position = g * (All.Length + 1) + s, Value = ns / 1e6, FillColor = palette.GetColor(s) });
            }
        }
        plot.Add.Bars(bars);
        for (int s = 0; s < All.Length; s++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = All[s].Label, FillColor = palette.GetColor(s) });
        plot.ShowLegend(Edge.Right);

        Tick[] ticks = workers
            .Select((w, g) => new Tick(g * (All.Length + 1) + (All.Length - 1) / 2.0, $"{w} worker(s)"))
            .ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Margins(bottom: 0);
        plot.Axes.Left.Label.Text = "median ms (lower is better)";
        plot.Axes.Left.Label.FontSize = 12;
        plot.Axes.Title.Label.FontSize = 14;
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Deferred page init, {PageInitBenchmarks.ZonePages:N0} pages, by workers"));
        plot.SaveSvg(path, Width, Height);
    }
}
