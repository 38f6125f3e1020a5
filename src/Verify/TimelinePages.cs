using System.CommandLine;
using Padata.Harness.Contracts;

namespace Padata.Verify;

/// <summary>
/// Timeline pages on disk: <c>replay --html FILE</c> and <c>check --timeline DIR</c> (a page per
/// failing or kept schedule, named after its schedule file), drawn by <see cref="TimelinePage"/>.
/// </summary>
internal static class TimelinePages
{
    /// <summary>An output file whose directory exists (or can be made), checked by the parser.</summary>
    public static Option<string?> FileOption(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = "file" };
        option.Validators.Add(result =>
        {
            string? path = result.GetValueOrDefault<string?>();
            if (path is null)
                return;
            if (path.Length == 0 || Directory.Exists(path))
                result.AddError($"{name} must name a file to write, not a directory (got '{path}').");
            else if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory && File.Exists(directory))
                result.AddError($"{name} '{path}': '{directory}' is a file, not a directory.");
        });
        return option;
    }

    /// <summary>An output directory (made if missing) that is not a file, checked by the parser.</summary>
    public static Option<string?> DirectoryOption(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = "directory" };
        option.Validators.Add(result =>
        {
            string? path = result.GetValueOrDefault<string?>();
            if (path is not null && (path.Length == 0 || File.Exists(path)))
                result.AddError($"{name} must name a directory (made if missing), not a file (got '{path}').");
        });
        return option;
    }

    /// <summary>Writes the page of a replay (whole or not at all).</summary>
    public static void Write(ReplayOutcome outcome, string path)
    {
        if (outcome.Timeline is null)
            throw new InvalidOperationException($"the harness returned no timeline for {outcome.Scenario}.");
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        AtomicFile.WriteAllText(full, TimelinePage.Render(outcome.Timeline));
        Console.WriteLine($"timeline: {full}");
    }

    /// <summary>Replays every failing or kept schedule of a check on the same build and writes its page into <paramref name="directory"/>.</summary>
    public static void WriteForCheck(ControlledHarness harness, IReadOnlyList<ExplorationResult> results, string directory)
    {
        foreach (string schedule in results.SelectMany(r => new[] { r.ScheduleFile, r.KeptSchedule }).OfType<string>())
            Write(harness.Replay(schedule), Path.Combine(directory, Path.GetFileNameWithoutExtension(schedule) + ".html"));
    }
}
