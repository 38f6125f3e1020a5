using System.Diagnostics;
using System.Text;
using Padata.Harness.Contracts;

namespace Padata.Verify;

/// <summary>
/// One <c>check-worker</c> process (this program started again, <see cref="CheckWorkerCommand"/>),
/// running the units a parallel check hands it one at a time.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    /// <summary>How long a stopped worker may take to finish its schedule and exit before it is killed.</summary>
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly StringBuilder errors = new();
    private readonly Lock stdin = new();
    private bool stopped;

    private WorkerProcess(Process process)
    {
        this.process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (errors)
                if (errors.Length < 16_000)
                    errors.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
    }

    /// <param name="cpu">The one CPU the worker runs on (<see cref="CpuAffinity"/>), or null to leave it to the system.</param>
    public static WorkerProcess Start(string engineDirectory, string variant, int? cpu = null)
    {
        // This program again: its own apphost when it was started through it, else the dotnet host
        // (dotnet run, dotnet test and 'dotnet padata-verify.dll' name it in DOTNET_HOST_PATH or run it).
        string program = Path.Combine(AppContext.BaseDirectory, "padata-verify.dll");
        string? self = Environment.ProcessPath;
        bool apphost = self is not null && Path.GetFileNameWithoutExtension(self) == Cli.Name;
        string host = apphost ? self! : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")
                                         ?? (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet");
        var start = new ProcessStartInfo(host);
        if (!apphost)
        {
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(program);
        }
        foreach (string argument in new[] { CheckWorkerCommand.Name, "--engine-dir", engineDirectory, "--variant", variant })
            start.ArgumentList.Add(argument);
        return Start(start, cpu);
    }

    /// <summary>Starts <paramref name="start"/> as a worker: any program that speaks <see cref="WorkerMessage"/>'s protocol.</summary>
    internal static WorkerProcess Start(ProcessStartInfo start, int? cpu = null)
    {
        start.RedirectStandardInput = start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.StandardOutputEncoding = Encoding.UTF8;
        return new WorkerProcess(CpuAffinity.StartingOn(cpu, () => Process.Start(start))
                                 ?? throw new InvalidOperationException($"could not start a check worker ({start.FileName})."));
    }

    /// <summary>
    /// Runs <paramref name="request"/> in the worker, relaying its progress; its results when it is done.
    /// A worker stopped before it took the request ends without running it: what it reported (nothing) is returned.
    /// A worker that ends otherwise (not stopped, or not with exit 0) fails the check.
    /// </summary>
    public IReadOnlyList<ExplorationResult> Run(CheckRequest request, ICheckProgress progress)
    {
        lock (stdin)
        {
            if (stopped)
                return [];
            process.StandardInput.WriteLine(System.Text.Json.JsonSerializer.Serialize(request, WorkerMessage.Json));
            process.StandardInput.Flush();
        }
        var results = new List<ExplorationResult>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            WorkerMessage? message = WorkerMessage.Parse(line);
            switch (message?.Kind)
            {
                case WorkerMessage.Kinds.Exploring:
                    progress.Exploring(message.Scenario!, message.Exploration!);
                    break;
                case WorkerMessage.Kinds.Running:
                    progress.Running(message.Scenario!, message.Exploration!, message.Schedules, message.Elapsed, message.Estimate);
                    break;
                case WorkerMessage.Kinds.Explored:
                    results.Add(message.Result!);
                    progress.Explored(message.Result!);
                    break;
                case WorkerMessage.Kinds.Done:
                    return results;
                case WorkerMessage.Kinds.Error:
                    throw new InvalidOperationException($"a check worker failed on {string.Join(", ", request.Filters)}: {message.Message}");
                default:
                    // Not the protocol's: whatever else the worker printed goes where its errors go.
                    Console.Error.WriteLine(line);
                    break;
            }
        }
        process.WaitForExit(ExitBound);
        bool clean = process.HasExited && process.ExitCode == 0;
        bool wasStopped;
        // Read under the lock Stop sets it under before closing the input: a worker exits 0 only at the end of its
        // input, so a clean exit seen here came after the stop (it may have dropped the unit handed to it just before).
        lock (stdin)
            wasStopped = stopped;
        if (wasStopped && clean)
            return results;
        throw new InvalidOperationException(
            $"a check worker ended while running {string.Join(", ", request.Filters)} " +
            $"(exit {(process.HasExited ? process.ExitCode.ToString() : "unknown")}{(wasStopped ? ", after it was stopped" : ", not stopped")}): {Errors()}");
    }

    /// <summary>Closes the worker's input: it stops after its current schedule, reports, and exits.</summary>
    public void Stop()
    {
        lock (stdin)
        {
            if (stopped)
                return;
            stopped = true;
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Already gone: nothing to stop.
            }
        }
    }

    public void Dispose()
    {
        Stop();
        if (!process.WaitForExit(ExitBound))
            process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    private string Errors()
    {
        lock (errors)
            return errors.Length == 0 ? "(nothing on its standard error)" : errors.ToString().Trim();
    }
}
