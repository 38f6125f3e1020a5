using System.Collections;
using System.Reflection;
using Microsoft.Coyote.SystematicTesting;

namespace Padata.Harness.Reductions;

/// <summary>
/// A busy machine, for the renice-or-cancel check (docs/design.md §7.2): while it is on, the
/// workqueue threads, which run at the lowest priority, never get a CPU; only the scenario's caller
/// runs. Installed as a schedule reducer (like <see cref="ThreadStartReduction"/>, ahead of it) for
/// scenarios that ask for it (<see cref="Scenarios.Scenario.BusyMachineJudge"/>): at every scheduling
/// decision it narrows the enabled operations to the caller's while the caller can go on.
/// <para>
/// The oracle it carries judges the moment the caller starts waiting: if the caller cannot go on
/// while the machine is busy, it is blocked on its job's completion (no workqueue thread has run,
/// so none holds a lock it could be waiting for), that is, it waits on helpers that have not
/// started, which on a busy machine never run. That is recorded (<see cref="Violation"/>, asserted
/// by the scenario when the caller returns) and the machine stops being busy for the rest of the
/// schedule, so the schedule goes on instead of stopping as a false deadlock.
/// </para>
/// <para>
/// The caller's operation is the one current at a decision made on the thread that called
/// <see cref="MarkCaller"/> (Coyote makes a decision on the thread of the operation that reached the
/// scheduling point). Explorations with it explore the schedules of this model only: every one of
/// them, with DFS, but not the schedules in which helpers run while the caller works.
/// </para>
/// </summary>
internal class BusyMachine : DispatchProxy
{
    [ThreadStatic]
    private static bool isCaller;

    private PropertyInfo id = null!;
    private Type operationType = null!;
    private Judge judge = null!;

    /// <summary>What one schedule's busy machine saw; reset by the scenario at the start of each schedule.</summary>
    internal sealed class Judge
    {
        public bool Busy { get; set; }
        public ulong? Caller { get; set; }
        public string? Violation { get; set; }

        /// <summary>A new schedule: busy, caller unknown until it reaches a decision, nothing seen.</summary>
        public void Reset()
        {
            Busy = true;
            Caller = null;
            Violation = null;
        }
    }

    /// <summary>Marks the calling thread as the scenario's caller (the only one that runs while the machine is busy).</summary>
    public static void MarkCaller(bool caller = true) => isCaller = caller;

    public static void Install(TestingEngine engine, Judge judge)
    {
        (IList reducers, Type reducerInterface, Type operation) = SchedulerReducers.Of(engine, Missing);
        var busy = (BusyMachine)DispatchProxy.Create(reducerInterface, typeof(BusyMachine));
        busy.id = operation.GetProperty("Id", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                  ?? throw Missing("ControlledOperation.Id");
        busy.operationType = operation;
        busy.judge = judge;
        // First in line: the thread-start reduction must choose among the threads that may run.
        reducers.Insert(0, busy);
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args) => method?.Name switch
    {
        "ReduceOperations" => Reduce((IEnumerable)args![0]!, args[1]!),
        "InitializeNextIteration" => null,
        _ => throw new NotSupportedException($"Coyote called IScheduleReducer.{method?.Name}, which this harness does not know."),
    };

    private object Reduce(IEnumerable enabled, object current)
    {
        if (!judge.Busy)
            return enabled;
        if (isCaller)
            judge.Caller ??= IdOf(current);
        if (judge.Caller is not { } caller)
            return enabled;
        object? callerOp = enabled.Cast<object>().FirstOrDefault(op => IdOf(op) == caller);
        if (callerOp is null)
        {
            judge.Violation ??= "the caller started waiting while its helpers had not started (on a busy machine, helpers at the lowest priority never run)";
            judge.Busy = false;
            return enabled;
        }
        Array only = Array.CreateInstance(operationType, 1);
        only.SetValue(callerOp, 0);
        return only;
    }

    private ulong IdOf(object operation) => Convert.ToUInt64(id.GetValue(operation));

    private static MissingMemberException Missing(string member) =>
        new($"Coyote's {member} is gone: the busy-machine model needs Coyote 1.7.11's internal scheduler.");
}
