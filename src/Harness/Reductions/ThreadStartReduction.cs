using System.Collections;
using System.Reflection;
using Microsoft.Coyote.SystematicTesting;

namespace Padata.Harness.Reductions;

/// <summary>
/// The reduction DFS runs with: a thread that has just started, and a thread that has just started
/// another, run before any other thread until their next scheduling point. Installed as a schedule
/// reducer of Coyote 1.7.11's scheduler, which hands it every scheduling decision's enabled
/// operations and lets it narrow them.
/// <para>
/// Why it is sound. Without memory-access interleaving Coyote switches threads only at its
/// scheduling points, so DFS explores every interleaving of those points; for an engine whose
/// shared state is touched only under Coyote-controlled synchronization (data-race free: the
/// <c>races/</c> entries hunt for violations at every field access), that is every behaviour,
/// because a point precedes every operation that waits or reads what another thread published
/// (lock and semaphore acquisition, join, <c>Interlocked</c>, <c>Volatile</c>), and the operations
/// without one (lock and semaphore releases, thread creation) are left movers: running them
/// earlier never disables anything another thread could do. Two kinds of point precede no such
/// operation: <c>Start</c>, before a new thread's first instruction, and <c>Create</c>, in the
/// creator right after the creation. What either thread runs up to its next point is thread-local
/// work, reads of data published to it before the creation, work on data behind locks it holds,
/// and left movers; it commutes with every step any other thread can take meanwhile. Running it
/// first therefore reaches every state and every failure the unreduced order reaches, up to the
/// order of commuting steps.
/// </para>
/// <para>
/// The harness's own records made inside thread functions (per-unit counters, call lists, the
/// event log) commute too: the oracles read them as counts and sets, and their order only feeds
/// the readable account. Whether a chunk is still in progress when its caller returns is seen only
/// where the thread function has a scheduling point of its own (<see cref="JobSpec.LongChunks"/>),
/// which this reduction leaves alone.
/// </para>
/// <para>
/// What it gives up: behaviours that exist only through a data race. Unreduced, a new thread can
/// be held at its start while the others run on, so its first reads can come after a racing write
/// made meanwhile; here they come at once. A known-bad engine whose caller returns without waiting
/// shows that way when its helper reads its work item after the caller took it back. Races are what the <c>races/</c> entries and the long-chunk
/// scenarios are for; <c>ReductionTests</c> checks that, on every exhaustive entry small enough to
/// explore both ways, DFS with and without the reduction finds the same outcomes, and that a
/// known-unsound reduction is caught losing some.
/// </para>
/// </summary>
internal class ThreadStartReduction : DispatchProxy
{
    private Reduction kind;
    private FieldInfo lastSchedulingPoint = null!;
    private Type operationType = null!;
    private object startPoint = null!, createPoint = null!;

    /// <summary>Adds the reduction to the scheduler of <paramref name="engine"/>; fails loudly if Coyote's internals moved.</summary>
    public static void Install(TestingEngine engine, Reduction kind)
    {
        if (kind == Reduction.None)
            return;
        (IList reducers, Type reducerInterface, Type operation) = SchedulerReducers.Of(engine, Missing);

        var reduction = (ThreadStartReduction)DispatchProxy.Create(reducerInterface, typeof(ThreadStartReduction));
        reduction.kind = kind;
        reduction.operationType = operation;
        reduction.lastSchedulingPoint = operation.GetField("LastSchedulingPoint", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                                        ?? throw Missing("ControlledOperation.LastSchedulingPoint");
        // SchedulingPointType is internal too: its members are looked up by name.
        Type pointType = reduction.lastSchedulingPoint.FieldType;
        reduction.startPoint = Enum.TryParse(pointType, "Start", out object? start) ? start : throw Missing("SchedulingPointType.Start");
        reduction.createPoint = Enum.TryParse(pointType, "Create", out object? create) ? create : throw Missing("SchedulingPointType.Create");
        reducers.Add(reduction);
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args) => method?.Name switch
    {
        "ReduceOperations" => Reduce((IEnumerable)args![0]!, args[1]!),
        "InitializeNextIteration" => null,
        _ => throw new NotSupportedException($"Coyote called IScheduleReducer.{method?.Name}, which this harness does not know."),
    };

    /// <summary>The enabled operations to choose from: one that must run first, or all of them.</summary>
    private object Reduce(IEnumerable enabled, object current)
    {
        object? first = kind switch
        {
            Reduction.ThreadStarts => enabled.Cast<object>()
                .FirstOrDefault(op => PointOf(op) is var point && (point.Equals(startPoint) || point.Equals(createPoint))),
            // Known-unsound, for ReductionTests only: never preempt a thread that can go on.
            Reduction.NonPreemptiveForSelfTest => enabled.Cast<object>().FirstOrDefault(op => ReferenceEquals(op, current)),
            _ => null,
        };
        if (first is null)
            return enabled;
        Array only = Array.CreateInstance(operationType, 1);
        only.SetValue(first, 0);
        return only;
    }

    private object PointOf(object operation) => lastSchedulingPoint.GetValue(operation)!;

    private static MissingMemberException Missing(string member) =>
        new($"Coyote's {member} is gone: the thread-start reduction needs Coyote 1.7.11's internal scheduler (run DFS with --no-reduction meanwhile).");
}
