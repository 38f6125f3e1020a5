namespace Padata.Harness.Contracts;

/// <summary>Writes a check's progress lines (<see cref="Report"/>) to a text writer.</summary>
public sealed class TextProgress(TextWriter writer) : ICheckProgress
{
    /// <summary>A running exploration gets a line at most this often.</summary>
    public static readonly TimeSpan RunningInterval = TimeSpan.FromSeconds(5);

    private TimeSpan nextRunningLine = RunningInterval;

    /// <summary>Progress that goes nowhere.</summary>
    public static ICheckProgress None { get; } = new TextProgress(TextWriter.Null);

    public void Exploring(string scenario, ExplorationBudget exploration)
    {
        nextRunningLine = RunningInterval;
        writer.WriteLine(Report.Exploring(scenario, exploration));
    }

    public void Running(string scenario, ExplorationBudget exploration, int schedules, TimeSpan elapsed)
    {
        if (elapsed < nextRunningLine)
            return;
        nextRunningLine = elapsed + RunningInterval;
        writer.WriteLine(Report.Running(scenario, exploration, schedules, elapsed));
    }

    public void Explored(ExplorationResult result) => writer.WriteLine(Report.Explored(result));
}
