using System.CommandLine;
using System.Text.Json;
using Padata.Harness.Contracts;

namespace Padata.Verify;

/// <summary>
/// <c>check-worker</c> (hidden): what a parallel check starts once per job. It loads the rewritten
/// harness once, then runs the check requests its parent writes on standard input, one at a time,
/// and reports each as <see cref="WorkerMessage"/> lines on standard output. Each worker is a
/// process of its own because the controlled runs share process-wide state: the catalog's scenario
/// objects (one instance each, with the log of their last schedule), the schedule reducer installed
/// into Coyote by reflection, and Coyote's own runtime; two explorations in one process are not
/// isolated. End of input (the parent closed it, was stopped or died) stops the worker after its
/// current schedule; Ctrl-C is left to the parent, which stops its workers that way.
/// </summary>
internal static class CheckWorkerCommand
{
    public const string Name = "check-worker";

    public static Command Create()
    {
        var engine = new Option<string>("--engine-dir") { Required = true };
        var variant = new Option<string>("--variant") { Required = true };
        var command = new Command(Name, "Runs check units for a parallel check (started by check --jobs; not for direct use).") { engine, variant };
        command.Hidden = true;
        command.SetAction(parse => Run(parse.GetValue(engine)!, parse.GetValue(variant)!));
        return command;
    }

    private static int Run(string directory, string variant)
    {
        // First, before anything slow: a terminal's Ctrl-C reaches the whole process group.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        ControlledHarness harness = ControlledHarness.Load(directory, variant);
        TextWriter output = Console.Out;
        var writer = new object();
        void Send(WorkerMessage message)
        {
            lock (writer)
            {
                output.WriteLine(message.ToLine());
                output.Flush();
            }
        }

        using var stop = new CancellationTokenSource();
        var requests = new System.Collections.Concurrent.BlockingCollection<string>();
        var reader = new Thread(() =>
        {
            while (Console.In.ReadLine() is { } line)
                requests.Add(line);
            stop.Cancel();
            requests.CompleteAdding();
        }) { IsBackground = true };
        reader.Start();

        foreach (string line in requests.GetConsumingEnumerable())
        {
            if (stop.IsCancellationRequested)
                break;
            try
            {
                CheckRequest request = JsonSerializer.Deserialize<CheckRequest>(line, WorkerMessage.Json)
                                       ?? throw new InvalidDataException("check-worker: a null request.");
                harness.Check(request, new Forward(Send), stop.Token);
                Send(new WorkerMessage(WorkerMessage.Kinds.Done));
            }
            catch (Exception e)
            {
                Send(new WorkerMessage(WorkerMessage.Kinds.Error) { Message = e.ToString() });
            }
        }
        return ExitCode.Passed;
    }

    private sealed class Forward(Action<WorkerMessage> send) : ICheckProgress
    {
        public void Exploring(string scenario, ExplorationBudget exploration) =>
            send(new WorkerMessage(WorkerMessage.Kinds.Exploring) { Scenario = scenario, Exploration = exploration });

        public void Running(string scenario, ExplorationBudget exploration, int schedules, TimeSpan elapsed, ScheduleEstimate? estimate = null) =>
            send(new WorkerMessage(WorkerMessage.Kinds.Running) { Scenario = scenario, Exploration = exploration, Schedules = schedules, Elapsed = elapsed, Estimate = estimate });

        public void Explored(ExplorationResult result) =>
            send(new WorkerMessage(WorkerMessage.Kinds.Explored) { Result = result });
    }
}
