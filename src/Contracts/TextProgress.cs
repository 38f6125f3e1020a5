namespace Padata.Harness.Contracts;

/// <summary>Writes a check's progress lines (<see cref="Report"/>) to a text writer.</summary>
public sealed class TextProgress(TextWriter writer) : ICheckProgress
{
    /// <summary>A running exploration gets a line at most this often.</summary>
    public static readonly TimeSpan RunningInterval = TimeSpan.FromSeconds(5);

    /// <summary>When each running exploration (by scenario and exploration) may print its next line: a parallel check runs several at once.</summary>
    private readonly Dictionary<string, TimeSpan> nextRunningLine = new(StringComparer.Ordinal);

    /// <summary>Progress that goes nowhere.</summary>
    public static ICheckProgress None { get; } = new TextProgress(TextWriter.Null);

    public void Exploring(string scenario, ExplorationBudget exploration)
    {
        lock (nextRunningLine)
            nextRunningLine[$"{scenario} {exploration}"] = RunningInterval;
        writer.WriteLine(Report.Exploring(scenario, exploration));
    }

    public void Running(string scenario, ExplorationBudget exploration, int schedules, TimeSpan elapsed, ScheduleEstimate? estimate = null)
    {
        lock (nextRunningLine)
        {
            if (elapsed < nextRunningLine.GetValueOrDefault($"{scenario} {exploration}", RunningInterval))
                return;
            nextRunningLine[$"{scenario} {exploration}"] = elapsed + RunningInterval;
        }
        writer.WriteLine(Report.Running(scenario, exploration, schedules, elapsed, estimate));
    }

    public void Explored(ExplorationResult result)
    {
        lock (nextRunningLine)
            nextRunningLine.Remove($"{result.Scenario} {result.Exploration}");
        writer.WriteLine(Report.Explored(result));
    }
}
