using System.Xml.Linq;
using Padata.Harness.Contracts;

namespace Padata.Verify;

/// <summary>
/// A check as JUnit XML (<c>--junit FILE</c>), the format CI servers show as test results: one
/// test suite, one test case per exploration (class: the scenario's group, e.g. <c>domain</c>;
/// name: the scenario and its exploration). A failure is a <c>failure</c> whose message is the
/// first line of the property broken and whose text holds the whole failure, the schedule file and
/// the replay command; an exploration that was to be exhaustive and was not, or was interrupted, is
/// an <c>error</c> (the check exits 4, not 1); a unit that never started is <c>skipped</c>.
/// </summary>
internal static class JUnitReport
{
    public static void Save(string path, string suite, IReadOnlyList<ExplorationResult> results, IReadOnlyList<string> notStarted, string? stoppedBy)
    {
        var cases = results.Select(r =>
        {
            var element = new XElement("testcase",
                new XAttribute("classname", Group(r.Scenario)),
                new XAttribute("name", $"{r.Scenario} [{r.Exploration}]"),
                new XAttribute("time", r.Elapsed.TotalSeconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)),
                new XElement("system-out", $"{Report.Coverage(r)}, {r.Outcomes.Count} distinct outcome(s)"));
            if (r.Verdict == Verdict.Fail)
                element.Add(new XElement("failure",
                    new XAttribute("message", r.Failure!.Split('\n')[0].Trim()),
                    new XAttribute("type", "property violated"),
                    r.Failure + (r.ReplayCommand is null ? "" : $"\nreplay: {r.ReplayCommand}")));
            else if (r.Verdict == Verdict.Incomplete)
                element.Add(new XElement("error",
                    new XAttribute("message", r.Interrupted ? $"interrupted after {r.Schedules} schedules" : $"not exhausted within {r.Schedules} schedules"),
                    new XAttribute("type", "incomplete")));
            return element;
        }).Concat(notStarted.Select(unit => new XElement("testcase",
            new XAttribute("classname", Group(unit)),
            new XAttribute("name", unit),
            new XAttribute("time", "0"),
            new XElement("skipped", new XAttribute("message", $"not started: the check was stopped by {stoppedBy ?? "its end"}"))))).ToList();

        var document = new XDocument(new XElement("testsuites",
            new XElement("testsuite",
                new XAttribute("name", suite),
                new XAttribute("tests", cases.Count),
                new XAttribute("failures", results.Count(r => r.Verdict == Verdict.Fail)),
                new XAttribute("errors", results.Count(r => r.Verdict == Verdict.Incomplete)),
                new XAttribute("skipped", notStarted.Count),
                new XAttribute("time", results.Sum(r => r.Elapsed.TotalSeconds).ToString("F3", System.Globalization.CultureInfo.InvariantCulture)),
                new XAttribute("timestamp", DateTimeOffset.UtcNow.ToString("s")),
                cases)));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // UTF-8 without a byte-order mark: some CI readers choke on one before the declaration.
        AtomicFile.Write(path, stream =>
        {
            using var writer = System.Xml.XmlWriter.Create(stream, new System.Xml.XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Indent = true });
            document.Save(writer);
        });
    }

    private static string Group(string scenario) => scenario.Contains('/') ? scenario[..scenario.IndexOf('/')] : scenario;
}
