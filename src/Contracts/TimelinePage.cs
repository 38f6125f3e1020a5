using System.Globalization;
using System.Net;
using System.Text;

namespace Padata.Harness.Contracts;

/// <summary>
/// A <see cref="Timeline"/> as one self-contained HTML page: inline SVG and CSS, no script, nothing
/// fetched. One lane per thread, time (scheduling steps) left to right; a bar for every chunk
/// function call with its range; a mark for every event, each with an SVG <c>title</c> (the
/// browser's tooltip) naming it; the failure drawn where the schedule stopped, its message above;
/// a legend; and every event again as a list, for reading and searching without a mouse.
/// <para>
/// Every event of the timeline is exactly one element carrying <c>data-event</c> (its index), in
/// order, with its step, lane and kind as attributes: that is what the tests count.
/// </para>
/// </summary>
public static class TimelinePage
{
    private const int LabelWidth = 150, LaneHeight = 60, AxisHeight = 28, Right = 60, BarHeight = 16;

    /// <summary>Kinds of the harness's log the page draws with marks of their own; any other kind gets the generic mark.</summary>
    private static readonly string[] LogKinds = ["CallerEntered", "CallerReturned", "CallerThrew", "ChunkStarted", "ChunkReturned", "ChunkThrew"];

    public static string Render(Timeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        int steps = Math.Max(timeline.Steps, 1);
        // A step's column is one unit wide plus a unit for each event logged in it, so events
        // between two decisions do not pile up; the axis still counts steps.
        int[] loggedIn = new int[steps];
        foreach (TimelineEvent e in timeline.Events.Where(e => !e.IsSchedulingPoint))
            loggedIn[Math.Clamp(e.Step, 0, steps - 1)]++;
        double unit = Math.Clamp(1100.0 / (steps + loggedIn.Sum()), 3, 40);
        double[] column = new double[steps + 1];
        for (int s = 0; s < steps; s++)
            column[s + 1] = column[s] + unit * (1 + loggedIn[s]);
        double plotWidth = column[steps];
        int width = (int)Math.Ceiling(LabelWidth + plotWidth + Right);
        int height = AxisHeight + timeline.Lanes.Count * LaneHeight + 10;
        var lane = timeline.Lanes.Select((name, i) => (name, i)).ToDictionary(l => l.name, l => l.i, StringComparer.Ordinal);
        double[] x = Positions(timeline, column, unit);
        double Y(string name) => AxisHeight + lane[name] * LaneHeight + LaneHeight / 2.0;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"timeline of {Attr(timeline.Scenario)}\">\n");

        // Lanes, the failing one shaded.
        foreach (var (name, i) in lane.Select(kv => (kv.Key, kv.Value)).OrderBy(l => l.Value))
        {
            double top = AxisHeight + i * LaneHeight;
            string cls = name == timeline.FailureLane ? "lane failing" : i % 2 == 0 ? "lane even" : "lane odd";
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"lane-row\" data-lane=\"{Attr(name)}\"><rect class=\"{cls}\" x=\"0\" y=\"{top}\" width=\"{width}\" height=\"{LaneHeight}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"lane-label\" x=\"8\" y=\"{top + LaneHeight / 2.0 + 4}\">{Text(name)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"lane-line\" x1=\"{LabelWidth}\" y1=\"{top + LaneHeight / 2.0}\" x2=\"{LabelWidth + plotWidth}\" y2=\"{top + LaneHeight / 2.0}\"/></g>\n");
        }

        // The time axis: a tick every few steps.
        int every = new[] { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 }.First(e => e * plotWidth / steps >= 40 || e == 1000);
        svg.Append("<g class=\"axis\">");
        for (int s = 0; s <= steps; s += every)
        {
            double tx = LabelWidth + column[s];
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{tx:F1}\" y1=\"{AxisHeight - 6}\" x2=\"{tx:F1}\" y2=\"{height - 10}\"/><text x=\"{tx:F1}\" y=\"{AxisHeight - 10}\">{s}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-name\" x=\"8\" y=\"{AxisHeight - 10}\">{(timeline.SchedulingSteps ? "scheduling step" : "event")}</text></g>\n");

        // Inside DoMultithreaded: from a caller's entry to its return, a pale band on its lane.
        var events = timeline.Events;
        for (int i = 0; i < events.Count; i++)
        {
            TimelineEvent e = events[i];
            if (e.Kind != "CallerEntered")
                continue;
            int end = FindEnd(events, i, ev => ev.Lane == e.Lane && ev.Job == e.Job && ev.Kind is "CallerReturned" or "CallerThrew");
            double x1 = x[i], x2 = end >= 0 ? x[end] : LabelWidth + plotWidth;
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"call{(end < 0 ? " open" : "")}\" x=\"{x1:F1}\" y=\"{Y(e.Lane) - BarHeight / 2.0 - 5}\" width=\"{Math.Max(x2 - x1, 1):F1}\" height=\"{BarHeight + 10}\" rx=\"4\"><title>{Text($"job {e.Job}: {e.Lane} inside DoMultithreaded" + (end < 0 ? ", never returned" : $", steps {e.Step}–{events[end].Step}"))}</title></rect>\n");
        }

        // A bar per chunk function call, from its start to its return (or throw, or the end); a
        // label that does not fit its bar goes above it, on the lower of two rows that is free.
        var labelRowsEnd = new Dictionary<(string, int), double>();
        for (int i = 0; i < events.Count; i++)
        {
            TimelineEvent e = events[i];
            if (e.Kind != "ChunkStarted")
                continue;
            int end = FindEnd(events, i, ev => ev.Lane == e.Lane && ev.Job == e.Job && ev.Chunk == e.Chunk && ev.Kind is "ChunkReturned" or "ChunkThrew");
            string cls = end < 0 ? "bar open" : events[end].Kind == "ChunkThrew" ? "bar threw" : "bar";
            double x1 = x[i], x2 = end >= 0 ? x[end] : LabelWidth + plotWidth;
            double w = Math.Max(x2 - x1, 2);
            string label = $"{e.Chunk}";
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"{cls}\" data-job=\"{Attr(e.Job)}\"><rect x=\"{x1:F1}\" y=\"{Y(e.Lane) - BarHeight / 2.0}\" width=\"{w:F1}\" height=\"{BarHeight}\" rx=\"3\" fill=\"{JobColour(e.Job, timeline)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<title>{Text($"job {e.Job}: chunk {e.Chunk} on {e.Lane}, " + (end < 0 ? "still running when the schedule stopped" : $"{(events[end].Kind == "ChunkThrew" ? "threw" : "returned")} (steps {e.Step}–{events[end].Step})"))}</title>");
            if (w >= label.Length * 6.2 + 6)
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"bar-label\" x=\"{x1 + w / 2:F1}\" y=\"{Y(e.Lane) + 4}\">{Text(label)}</text>");
            else
            {
                double half = label.Length * 3.3, centre = x1 + w / 2;
                int row = labelRowsEnd.GetValueOrDefault((e.Lane, 0), double.MinValue) <= centre - half ? 0 : 1;
                labelRowsEnd[(e.Lane, row)] = centre + half + 2;
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"bar-label above\" x=\"{centre:F1}\" y=\"{Y(e.Lane) - BarHeight / 2.0 - 4 - row * 12}\">{Text(label)}</text>");
            }
            svg.Append("</g>\n");
        }

        // One mark per event.
        for (int i = 0; i < events.Count; i++)
        {
            TimelineEvent e = events[i];
            string kindClass = e.IsSchedulingPoint ? "point " + Css(e.Kind[TimelineEvent.PointPrefix.Length..]) : LogKinds.Contains(e.Kind) ? Css(e.Kind) : "other";
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"event {kindClass}\" data-event=\"{i}\" data-step=\"{e.Step}\" data-lane=\"{Attr(e.Lane)}\" data-kind=\"{Attr(e.Kind)}\"><title>{Text($"step {e.Step}, {e.Lane}: {e.Text}")}</title>");
            svg.Append(Mark(e, x[i], Y(e.Lane)));
            svg.Append("</g>\n");
        }

        // Where the schedule stopped with the violated property.
        if (timeline.Failure is not null)
        {
            double fx = LabelWidth + plotWidth;
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"failure-mark\"><title>{Text($"the schedule failed here (after step {timeline.Steps}{(timeline.FailureLane is null ? "" : $", on {timeline.FailureLane}")}): {FirstLine(timeline.Failure)}")}</title>" +
                $"<line x1=\"{fx:F1}\" y1=\"{AxisHeight - 6}\" x2=\"{fx:F1}\" y2=\"{height - 4}\"/>" +
                $"<text x=\"{fx + 12:F1}\" y=\"{AxisHeight - 10}\">failed</text>");
            if (timeline.FailureLane is not null && lane.ContainsKey(timeline.FailureLane))
                svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{fx:F1},{Y(timeline.FailureLane):F1} l9,-9 l0,18 z\"/>");
            svg.Append("</g>\n");
        }
        svg.Append("</svg>");

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>{Text($"padata-verify timeline: {timeline.Scenario}")}</title>\n<style>{Style}</style>\n</head>\n<body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{Text(timeline.Scenario)}</h1>\n<p class=\"shape\">{Text(timeline.Shape)} · engine: {Text(timeline.EngineVariant)} · " +
                                                  $"{timeline.Lanes.Count} thread(s), {events.Count} event(s), {timeline.Steps} {(timeline.SchedulingSteps ? "scheduling steps" : "logged events (no scheduling steps recorded)")}</p>\n");
        html.Append(timeline.Failure is null
            ? "<p class=\"passed\">This schedule passed: every property held.</p>\n"
            : $"<div class=\"failure\"><strong>Violated property</strong> (the schedule stopped after step {timeline.Steps}{(timeline.FailureLane is null ? "" : $", on {Text(timeline.FailureLane)}")}, the red line):<pre>{Text(timeline.Failure)}</pre></div>\n");
        html.Append("<div class=\"plot\">\n").Append(svg).Append("\n</div>\n");
        html.Append(Legend(timeline));
        html.Append(CultureInfo.InvariantCulture, $"<details><summary>Every event, in order ({events.Count})</summary>\n<table class=\"events\"><thead><tr><th>#</th><th>step</th><th>thread</th><th>what</th></tr></thead><tbody>\n");
        for (int i = 0; i < events.Count; i++)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{i}</td><td>{events[i].Step}</td><td>{Text(events[i].Lane)}</td><td>{Text(events[i].Text)}</td></tr>\n");
        html.Append("</tbody></table></details>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// The x of every event: its step's column, events of the log spread across the column (several
    /// can happen between two scheduling decisions), a scheduling decision at the column's left edge.
    /// </summary>
    private static double[] Positions(Timeline timeline, double[] column, double unit)
    {
        var x = new double[timeline.Events.Count];
        foreach (var group in timeline.Events.Select((e, i) => (e, i)).GroupBy(p => Math.Clamp(p.e.Step, 0, column.Length - 2)))
        {
            var logged = group.Where(p => !p.e.IsSchedulingPoint).ToList();
            foreach (var (e, i) in group)
                x[i] = LabelWidth + column[group.Key] + (e.IsSchedulingPoint ? 0 : unit * (logged.FindIndex(p => p.i == i) + 0.5) + unit / 2);
        }
        return x;
    }

    private static int FindEnd(IReadOnlyList<TimelineEvent> events, int from, Func<TimelineEvent, bool> isEnd)
    {
        for (int j = from + 1; j < events.Count; j++)
            if (isEnd(events[j]))
                return j;
        return -1;
    }

    private static string Mark(TimelineEvent e, double x, double y) => (e.IsSchedulingPoint ? e.Kind[TimelineEvent.PointPrefix.Length..] : e.Kind) switch
    {
        "CallerEntered" => F($"<path d=\"M{x - 5:F1},{y - 6:F1} l10,6 l-10,6 z\"/>"),
        "CallerReturned" => F($"<rect x=\"{x - 5:F1}\" y=\"{y - 5:F1}\" width=\"10\" height=\"10\"/>"),
        "CallerThrew" => F($"<rect x=\"{x - 5:F1}\" y=\"{y - 5:F1}\" width=\"10\" height=\"10\"/>"),
        "ChunkStarted" => F($"<line x1=\"{x:F1}\" y1=\"{y - 12:F1}\" x2=\"{x:F1}\" y2=\"{y + 12:F1}\"/>"),
        "ChunkReturned" => F($"<line x1=\"{x:F1}\" y1=\"{y - 12:F1}\" x2=\"{x:F1}\" y2=\"{y + 12:F1}\"/>"),
        "ChunkThrew" => F($"<path d=\"M{x - 6:F1},{y - 6:F1} l12,12 m0,-12 l-12,12\"/>"),
        _ when e.IsSchedulingPoint => F($"<circle cx=\"{x:F1}\" cy=\"{y + 18:F1}\" r=\"3.2\"/>"),
        _ => F($"<path d=\"M{x:F1},{y - 16:F1} l5,5 l-5,5 l-5,-5 z\"/>"),
    };

    private static string Legend(Timeline timeline)
    {
        static string Swatch(string cls, string shape) =>
            $"<svg width=\"22\" height=\"22\" viewBox=\"-11 -11 22 22\" aria-hidden=\"true\"><g class=\"{cls}\">{shape}</g></svg>";
        var items = new List<(string, string)>
        {
            (Swatch("call", "<rect x=\"-10\" y=\"-8\" width=\"20\" height=\"16\" rx=\"4\"/>"), "a caller inside <code>DoMultithreaded</code>, from its call to its return"),
            (Swatch("bar", "<rect x=\"-10\" y=\"-6\" width=\"20\" height=\"12\" rx=\"3\" fill=\"#4e79a7\"/>"), "a chunk function running, labelled with its range <code>[start, end)</code>; one colour per job; red if it threw, dashed if it was still running when the schedule stopped"),
            (Swatch("event CallerEntered", "<path d=\"M-5,-6 l10,6 l-10,6 z\"/>"), "the caller calls <code>DoMultithreaded</code>"),
            (Swatch("event CallerReturned", "<rect x=\"-5\" y=\"-5\" width=\"10\" height=\"10\"/>"), "the caller returns (green) or <code>DoMultithreaded</code> throws (red)"),
            (Swatch("event ChunkStarted", "<line x1=\"0\" y1=\"-9\" x2=\"0\" y2=\"9\"/>"), "a chunk function starts (blue) and returns (black); a red cross: it threw"),
            (Swatch("event other", "<path d=\"M0,-6 l5,5 l-5,5 l-5,-5 z\"/>"), "any other event the harness logged (named in its tooltip)"),
        };
        if (timeline.SchedulingSteps)
        {
            items.Add((Swatch("event point Acquire", "<circle r=\"3.5\"/>"), "Coyote stopped the thread at a scheduling point to choose who runs next: orange before it acquires a lock or a semaphore (<code>Acquire</code>), purple where it blocks (<code>Pause</code>: a semaphore wait, a join, a lock held by another), grey anywhere else (start, create, yield, interleave, completion; the kind is in the tooltip)"));
        }
        if (timeline.Failure is not null)
            items.Add((Swatch("failure-mark", "<line x1=\"0\" y1=\"-10\" x2=\"0\" y2=\"10\"/>"), "where the schedule failed; the red triangle and shaded lane: the thread that was running"));
        var html = new StringBuilder("<section class=\"legend\"><h2>Legend</h2><ul>\n");
        foreach (var (swatch, text) in items)
            html.Append("<li>").Append(swatch).Append("<span>").Append(text).Append("</span></li>\n");
        html.Append("</ul>\n<p class=\"note\">Hover a mark or a bar for the event. ");
        html.Append(timeline.SchedulingSteps
            ? "Time runs left to right in Coyote's scheduling decisions: between two decisions exactly one thread runs. "
            : "No scheduling decisions were recorded for this schedule (memory-access interleaving is on): time is the order of the harness's log. ");
        html.Append("What is shown is what the harness sees: its own records (callers, chunk functions) and where Coyote's scheduler stopped each thread. " +
                    "The engine carries no hooks, so which lock or semaphore a thread acquires or waits for, the pool's takes and returns, and the workqueue's queueing are not named: " +
                    "they show only as the scheduling points they cause." +
                    (timeline.Lanes.Any(l => l.StartsWith("thread op#", StringComparison.Ordinal))
                        ? " A lane <code>thread op#N</code> is a thread that logged nothing (such as a workqueue thread that found no chunk left), named by Coyote's operation number."
                        : "") + "</p>\n</section>\n");
        return html.ToString();
    }

    private static readonly string[] Palette = ["#4e79a7", "#59a14f", "#9c755f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#bab0ac"];

    private static string JobColour(string job, Timeline timeline)
    {
        var jobs = timeline.Events.Select(e => e.Job).Where(j => j.Length > 0).Distinct().ToList();
        return Palette[Math.Max(jobs.IndexOf(job), 0) % Palette.Length];
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Css(string kind) => string.Concat(kind.Where(char.IsAsciiLetterOrDigit));

    private static string Text(string s) => WebUtility.HtmlEncode(s);

    private static string Attr(string s) => WebUtility.HtmlEncode(s);

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    private const string Style = """

        body { font: 14px/1.4 system-ui, sans-serif; margin: 16px 20px; color: #222; background: #fff; }
        h1 { font-size: 20px; margin: 0 0 4px; }
        h2 { font-size: 16px; margin: 16px 0 6px; }
        .shape { color: #555; margin: 0 0 10px; }
        .passed { color: #2a7a2a; font-weight: 600; }
        .failure { border: 2px solid #c62828; background: #fdecea; padding: 8px 12px; margin: 0 0 12px; border-radius: 4px; }
        .failure pre { white-space: pre-wrap; margin: 6px 0 0; font-size: 13px; }
        .plot { overflow-x: auto; border: 1px solid #ddd; }
        svg text { font: 12px system-ui, sans-serif; fill: #222; }
        .lane.even { fill: #fafafa; } .lane.odd { fill: #f0f0f0; } .lane.failing { fill: #fde2e2; }
        .lane-label { font-weight: 600; }
        .lane-line { stroke: #bbb; stroke-width: 1; }
        .axis line { stroke: #e4e4e4; } .axis text { fill: #777; text-anchor: middle; font-size: 11px; } .axis .axis-name { text-anchor: start; }
        .call { fill: #fff4cc; stroke: #e0c36a; stroke-width: 1; } .call.open { stroke-dasharray: 4 3; }
        .bar rect { stroke: #333; stroke-width: 0.6; opacity: 0.9; }
        .bar.threw rect { stroke: #c62828; stroke-width: 2; fill: #e57373; }
        .bar.open rect { stroke-dasharray: 4 2; stroke-width: 1.5; }
        .bar-label { fill: #fff; font-size: 11px; text-anchor: middle; font-weight: 600; }
        .bar-label.above { fill: #222; }
        .event path, .event rect, .event circle { stroke: #fff; stroke-width: 0.8; }
        .event.CallerEntered path { fill: #2e7d32; }
        .event.CallerReturned rect { fill: #2e7d32; }
        .event.CallerThrew rect { fill: #c62828; }
        .event.ChunkStarted line { stroke: #1565c0; stroke-width: 2.5; }
        .event.ChunkReturned line { stroke: #222; stroke-width: 2.5; }
        .event.ChunkThrew path { stroke: #c62828; stroke-width: 3; }
        .event.other path { fill: #8e24aa; }
        .event.point circle { fill: #9e9e9e; }
        .event.point.Acquire circle { fill: #ef6c00; }
        .event.point.Pause circle { fill: #6a1b9a; }
        .event:hover path, .event:hover rect, .event:hover circle { stroke: #000; stroke-width: 2; }
        .event:hover line { stroke-width: 5; }
        .failure-mark line { stroke: #c62828; stroke-width: 3; } .failure-mark path { fill: #c62828; } .failure-mark text { fill: #c62828; font-weight: 700; }
        .legend ul { list-style: none; padding: 0; margin: 0; }
        .legend li { display: flex; align-items: center; gap: 8px; margin: 3px 0; }
        .legend svg { flex: none; }
        .note { color: #555; max-width: 60em; }
        table.events { border-collapse: collapse; font-size: 12px; }
        table.events td, table.events th { border-bottom: 1px solid #eee; padding: 1px 8px; text-align: left; }

        """;
}
