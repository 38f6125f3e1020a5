using System.Diagnostics;
using Padata.Harness.Contracts;

namespace Padata.Cli;

/// <summary>
/// How a parallel check reads a worker process that ends before it answered the unit handed to it
/// (<see cref="WorkerProcess.Run"/>): after the check stopped it, that is the stop's doing (the check
/// goes on to report what it interrupted, exit 4); otherwise the worker was lost and the check fails
/// (exit 3) naming the unit and the worker's exit. The worker is a stand-in shell script, so the test
/// orders each step: the stop lands after the worker took the request and before it answered, the
/// window a real worker's stop can land in under load (it then ends with exit 0, the unit not run).
/// </summary>
public class WorkerProcessTests
{
    /// <summary>How long any one step of a stand-in may take before the test fails naming it.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static readonly CheckRequest Unit = new(["stand-in/unit"], null, null, null, Path.GetTempPath(), "stand-in", Path.GetTempPath());

    [Fact]
    public async Task A_worker_that_ends_with_exit_0_after_the_stop_without_answering_its_unit_was_stopped_not_lost()
    {
        var (results, error) = await Run("read -r request; : > \"$0\"; cat >/dev/null; exit 0", stopOnceTaken: true);

        Assert.Null(error);
        Assert.Empty(results!);
    }

    [Fact]
    public async Task A_worker_that_ends_with_an_error_after_the_stop_fails_the_check_naming_the_unit_and_its_exit()
    {
        var (_, error) = await Run("read -r request; : > \"$0\"; cat >/dev/null; exit 7", stopOnceTaken: true);

        Assert.NotNull(error);
        Assert.Contains("a check worker ended while running stand-in/unit (exit 7, after it was stopped)", error.Message);
    }

    [Fact]
    public async Task A_worker_that_ends_with_exit_0_without_being_stopped_fails_the_check_naming_the_unit()
    {
        var (_, error) = await Run("read -r request; exit 0", stopOnceTaken: false);

        Assert.NotNull(error);
        Assert.Contains("a check worker ended while running stand-in/unit (exit 0, not stopped)", error.Message);
    }

    /// <summary>
    /// <see cref="WorkerProcess.Run"/> on a stand-in running <paramref name="script"/>; with
    /// <paramref name="stopOnceTaken"/>, the test stops the worker once the script has said, through
    /// the file named in its $0 (nothing on its output, as a real worker that drops the unit handed
    /// to it as it is stopped), that it took the request. What Run returned, or the failure it threw.
    /// </summary>
    private static async Task<(IReadOnlyList<ExplorationResult>? Results, InvalidOperationException? Error)> Run(string script, bool stopOnceTaken)
    {
        DirectoryInfo directory = Directory.CreateTempSubdirectory("padata-worker-");
        try
        {
            string took = Path.Combine(directory.FullName, "took-the-request");
            using WorkerProcess worker = StandIn(script, took);
            return await RunStopping(worker, took, stopOnceTaken);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(IReadOnlyList<ExplorationResult>? Results, InvalidOperationException? Error)> RunStopping(WorkerProcess worker, string took, bool stopOnceTaken)
    {
        Task<IReadOnlyList<ExplorationResult>> run = Task.Run(() => worker.Run(Unit, new NoProgress()));
        if (stopOnceTaken)
        {
            var waited = Stopwatch.StartNew();
            while (!File.Exists(took))
            {
                Assert.False(run.IsCompleted, "the stand-in worker ended before it took stand-in/unit");
                Assert.True(waited.Elapsed < Bound, $"the stand-in worker did not take stand-in/unit within {Bound.TotalSeconds:0} s");
                await Task.Delay(10);
            }
            Assert.False(run.IsCompleted, "WorkerProcess.Run returned before the stand-in worker was stopped");
            worker.Stop();
        }
        try
        {
            return (await run.WaitAsync(Bound), null);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"WorkerProcess.Run on stand-in/unit did not return within {Bound.TotalSeconds:0} s of the stand-in's {(stopOnceTaken ? "stop" : "start")}");
            throw;
        }
        catch (InvalidOperationException e)
        {
            return (null, e);
        }
    }

    /// <summary>A worker that runs <paramref name="script"/> in /bin/sh, its $0 <paramref name="took"/> (a file not yet there).</summary>
    private static WorkerProcess StandIn(string script, string took)
    {
        var start = new ProcessStartInfo("/bin/sh");
        foreach (string argument in new[] { "-c", script, took })
            start.ArgumentList.Add(argument);
        return WorkerProcess.Start(start);
    }

    private sealed class NoProgress : ICheckProgress
    {
        public void Exploring(string scenario, ExplorationBudget exploration) { }

        public void Running(string scenario, ExplorationBudget exploration, int schedules, TimeSpan elapsed, ScheduleEstimate? estimate = null) { }

        public void Explored(ExplorationResult result) { }
    }
}
