using Padata.Harness.Contracts;
using Spectre.Console;

namespace Padata.Verify;

/// <summary>
/// A check's progress on the console. On a terminal, a live display (Spectre.Console): one bar per
/// running exploration with schedules done, schedules per second and the total when it is known
/// (a DFS's Knuth estimate, marked as one),
/// and each finished exploration's line printed above it. When the output is redirected (CI logs,
/// files, tests), plain lines (<see cref="TextProgress"/>): one per exploration started and ended,
/// and one at most every <see cref="TextProgress.RunningInterval"/> while it runs.
/// </summary>
internal static class ConsoleProgress
{
    public static bool Live => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="check"/> with the progress display that suits the console.</summary>
    public static T Run<T>(Func<ICheckProgress, T> check)
    {
        if (!Live)
            return check(new TextProgress(Console.Out));
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 16 }, new ElapsedTimeColumn())
            .Start(context => result = check(new SpectreProgress(context)));
        return result;
    }

    private sealed class SpectreProgress(ProgressContext context) : ICheckProgress
    {
        /// <summary>The bar of each running exploration, by scenario and exploration (a parallel check runs several).</summary>
        private readonly Dictionary<string, ProgressTask> tasks = new(StringComparer.Ordinal);

        public void Exploring(string scenario, ExplorationBudget exploration)
        {
            AnsiConsole.WriteLine(Report.Exploring(scenario, exploration));
            var task = tasks[$"{scenario} {exploration}"] = context.AddTask(Markup.Escape(scenario), maxValue: exploration.MaxSchedules);
            // A DFS's total is unknown until it ends: no bar that pretends otherwise.
            task.IsIndeterminate = exploration.Strategy == Strategy.Dfs;
        }

        public void Running(string scenario, ExplorationBudget exploration, int schedules, TimeSpan elapsed, ScheduleEstimate? estimate = null)
        {
            if (!tasks.TryGetValue($"{scenario} {exploration}", out ProgressTask? task))
                return;
            task.Value = schedules;
            // Short enough for an 80-column terminal beside the bar: the full line is Report.Running's.
            // A DFS's estimate is Knuth's from random probes: shown as one ("≈"), the bar stays indeterminate.
            string total = exploration.Strategy != Strategy.Dfs ? $"of {exploration.MaxSchedules:N0}" : estimate is null ? "total unknown" : $"of {estimate}";
            task.Description = Markup.Escape($"{scenario}: {schedules:N0} schedules ({total}), {schedules / Math.Max(elapsed.TotalSeconds, 1e-9):F0}/s");
        }

        public void Explored(ExplorationResult result)
        {
            if (tasks.Remove($"{result.Scenario} {result.Exploration}", out ProgressTask? task))
                task.StopTask();
            AnsiConsole.WriteLine(Report.Explored(result));
        }
    }
}
