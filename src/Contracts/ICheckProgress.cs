namespace Padata.Harness.Contracts;

/// <summary>Told about each exploration of a check as it starts, while it runs, and when it ends (<see cref="TextProgress"/> prints them).</summary>
public interface ICheckProgress
{
    void Exploring(string scenario, ExplorationBudget exploration);

    /// <summary>
    /// An exploration has run <paramref name="schedules"/> schedules in <paramref name="elapsed"/>.
    /// Called at most a few times a second; the listener decides how often to show it. A DFS's
    /// <paramref name="estimate"/> of its total, when one was made, comes with every call.
    /// </summary>
    void Running(string scenario, ExplorationBudget exploration, int schedules, TimeSpan elapsed, ScheduleEstimate? estimate = null);

    void Explored(ExplorationResult result);
}
