using System.Collections;
using System.Reflection;
using Microsoft.Coyote.SystematicTesting;

namespace Padata.Harness.Records;

/// <summary>
/// Watches the scheduling decisions of a replay, for its timeline: at every decision, which
/// operation (thread) stopped, at what kind of Coyote scheduling point, which operations were
/// enabled, and how long the schedule's event log was by then. Installed like the thread-start
/// reduction, as a schedule reducer of Coyote 1.7.11's scheduler, but it narrows nothing: it hands
/// back the operations it was given, so the schedule is the trace's, step for step.
/// <para>
/// Replays only, and only without memory-access interleaving: its own field accesses are rewritten
/// like the rest of the harness, and with memory accesses on each would be a scheduling point
/// inside the scheduler. It is never installed while exploring, so no exploration's schedules
/// change.
/// </para>
/// </summary>
internal class ScheduleObserver : DispatchProxy
{
    /// <summary>One decision: the thread that stopped, the kind of point, the enabled threads, and the log then.</summary>
    public sealed record Decision(ulong Current, string Point, ulong[] Enabled, ExecutionLog? Log, int LogCount);

    private FieldInfo lastSchedulingPoint = null!;
    private PropertyInfo id = null!;
    private Func<ExecutionLog?> log = null!;

    public List<Decision> Decisions { get; } = [];

    /// <summary>Adds an observer to the scheduler of <paramref name="engine"/>; <paramref name="currentLog"/> gives the log of the schedule running.</summary>
    public static ScheduleObserver Install(TestingEngine engine, Func<ExecutionLog?> currentLog)
    {
        (IList reducers, Type reducerInterface, Type operation) = SchedulerReducers.Of(engine, Missing);
        var observer = (ScheduleObserver)DispatchProxy.Create(reducerInterface, typeof(ScheduleObserver));
        observer.lastSchedulingPoint = operation.GetField("LastSchedulingPoint", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                                       ?? throw Missing("ControlledOperation.LastSchedulingPoint");
        observer.id = operation.GetProperty("Id", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                      ?? throw Missing("ControlledOperation.Id");
        observer.log = currentLog;
        reducers.Add(observer);
        return observer;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        switch (method?.Name)
        {
            case "ReduceOperations":
                var enabled = (IEnumerable)args![0]!;
                object current = args[1]!;
                ExecutionLog? now = log();
                Decisions.Add(new Decision(IdOf(current), lastSchedulingPoint.GetValue(current)!.ToString()!,
                                           [.. enabled.Cast<object>().Select(IdOf)], now, now?.Events.Count ?? 0));
                return enabled;
            case "InitializeNextIteration":
                return null;
            default:
                throw new NotSupportedException($"Coyote called IScheduleReducer.{method?.Name}, which this harness does not know.");
        }
    }

    private ulong IdOf(object operation) => Convert.ToUInt64(id.GetValue(operation));

    private static MissingMemberException Missing(string member) =>
        new($"Coyote's {member} is gone: the replay's timeline needs Coyote 1.7.11's internal scheduler.");
}
